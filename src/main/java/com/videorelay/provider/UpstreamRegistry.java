package com.videorelay.provider;

import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
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
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** The configured upstreams, each with its kind's adapter, in the order creates try them. */
@Component
public class UpstreamRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UpstreamRegistry.class);

    private final List<Upstream> ordered;
    private final Map<String, Upstream> byName;

    UpstreamRegistry(UpstreamsConfig config, List<VideoProviderFactory> factories, JsonMapper json,
                     RestClient.Builder rest, Environment environment) {
        Map<String, VideoProviderFactory> kinds = factories.stream()
                .collect(Collectors.toMap(VideoProviderFactory::kind, Function.identity()));
        // Higher priority first; List.sort is stable, so equal priorities keep the configured order.
        this.ordered = config.upstreams().stream()
                .sorted(Comparator.comparingInt(UpstreamProperties::priority).reversed())
                .map(settings -> build(settings, kinds, json, rest, environment))
                .toList();
        this.byName = ordered.stream().collect(Collectors.toUnmodifiableMap(Upstream::name, Function.identity()));
        if (ordered.isEmpty()) {
            log.warn("No upstreams are configured (videorelay.upstreams): creating videos will answer 503.");
        } else {
            log.info("Upstreams, in the order they are tried: {}", ordered);
        }
    }

    private static Upstream build(UpstreamProperties configured, Map<String, VideoProviderFactory> kinds,
                                  JsonMapper json, RestClient.Builder rest, Environment environment) {
        VideoProviderFactory factory = kinds.get(configured.kind());
        if (factory == null) {
            throw new IllegalArgumentException("Upstream " + configured.name() + ": unknown kind '" + configured.kind()
                    + "'; known kinds: " + String.join(", ", new java.util.TreeSet<>(kinds.keySet())));
        }
        UpstreamProperties settings = configured.withDefaults(factory.defaultBaseUrl(configured), factory.defaultApiVersion(),
                factory.defaultContentHosts(), factory.defaultRetention());
        if (factory.needsApiKey() && (settings.apiKey() == null || settings.apiKey().isBlank())) {
            throw new IllegalArgumentException("Upstream " + settings.name() + ": api-key is required for kind " + settings.kind());
        }
        if (factory.needsSecretKey() && (settings.secretKey() == null || settings.secretKey().isBlank())) {
            throw new IllegalArgumentException("Upstream " + settings.name() + ": secret-key is required for kind " + settings.kind());
        }
        Supplier<URI> baseUrl = baseUrl(settings, environment);
        if (settings.baseUrl() == null && !"simulator".equals(settings.kind())) {
            throw new IllegalArgumentException("Upstream " + settings.name() + ": base-url is required for kind " + settings.kind());
        }
        ProviderHttp http = new ProviderHttp(settings, baseUrl, json, rest);
        return new Upstream(settings, factory.create(settings, http), http, factory.builtInModels());
    }

    /** The simulator is this very server, whose port is known only once it listens. */
    private static Supplier<URI> baseUrl(UpstreamProperties upstream, Environment environment) {
        if ("simulator".equals(upstream.kind()) && upstream.baseUrl() == null) {
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

    public Set<String> names() {
        return byName.keySet();
    }

    @Override
    public void destroy() throws IOException {
        for (Upstream upstream : ordered) {
            upstream.close();
        }
    }
}
