package com.videorelay.upstream;

import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The configured upstreams, and which of them may serve a model, in the order to try them. */
@Component
public class UpstreamRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRegistry.class);

    private final List<Upstream> ordered;
    private final List<UpstreamProperties> settings;
    private final Map<String, Upstream> byName;

    UpstreamRegistry(UpstreamsConfig config, JsonMapper json, Environment environment) {
        // Higher priority first; List.sort is stable, so equal priorities keep the configured order.
        this.settings = config.upstreams().stream()
                .sorted(Comparator.comparingInt(UpstreamProperties::priority).reversed())
                .toList();
        this.ordered = settings.stream()
                .map(upstream -> new Upstream(upstream, new UpstreamClient(upstream, baseUrl(upstream, environment), json)))
                .toList();
        this.byName = ordered.stream().collect(Collectors.toUnmodifiableMap(Upstream::name, Function.identity()));
        if (ordered.isEmpty()) {
            log.warn("No upstreams are configured (videorelay.upstreams): creating videos will answer 503.");
        } else {
            log.info("Upstreams, in the order they are tried: {}", settings);
        }
    }

    /** The simulator is this very server, whose port is known only once it listens. */
    private static Supplier<URI> baseUrl(UpstreamProperties upstream, Environment environment) {
        if (upstream.kind() == UpstreamKind.SIMULATOR && upstream.baseUrl() == null) {
            return () -> URI.create("http://127.0.0.1:"
                    + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                    + "/simulator/v1");
        }
        return upstream::baseUrl;
    }

    /** The upstreams that serve {@code model}, in the order a create tries them. */
    public List<Upstream> candidatesFor(String model) {
        return ordered.stream().filter(upstream -> upstream.serves(model)).toList();
    }

    public Optional<Upstream> byName(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public List<Upstream> all() {
        return ordered;
    }

    /** Every model named in the configuration (not counting {@code *}), for error messages. */
    public Set<String> namedModels() {
        Set<String> models = new LinkedHashSet<>();
        settings.forEach(upstream -> upstream.models().stream().filter(m -> !m.equals("*")).forEach(models::add));
        return models;
    }

    @Override
    public void destroy() throws IOException {
        for (Upstream upstream : ordered) {
            upstream.close();
        }
    }
}
