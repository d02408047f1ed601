package com.videorelay.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One entry of {@code videorelay.upstreams}: an account at a video provider. Every setting and its
 * default is documented once, in docs/configuration.md; the defaults live here and nowhere else.
 */
public record UpstreamProperties(
        String name,
        String kind,
        URI baseUrl,
        String apiKey,
        String secretKey,
        String apiVersion,
        List<String> models,
        List<String> providerModels,
        Integer priority,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration contentIdleTimeout,
        Integer maxConcurrency,
        Integer clientReserve,
        Integer maxDownloads,
        Boolean allowPrivateAddresses,
        List<String> contentHosts,
        Duration retention,
        String project,
        String location,
        String storageUri,
        URI storageUrl) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** The canonical constructor is the one configuration binds; the other one predates Vertex's settings. */
    @ConstructorBinding
    public UpstreamProperties {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("videorelay.upstreams[].name must be 1-64 of [A-Za-z0-9_.-], got: " + name);
        }
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("Upstream " + name + ": kind is required");
        }
        kind = kind.trim().toLowerCase(Locale.ROOT);
        models = models == null ? List.of() : List.copyOf(models);
        providerModels = providerModels == null ? List.of() : List.copyOf(providerModels);
        for (String entry : providerModels) {
            if (!entry.matches("[^=\\s]+=[^=\\s]+")) {
                throw new IllegalArgumentException("Upstream " + name + ": provider-models entries are MODEL=PROVIDER_MODEL, got: " + entry);
            }
        }
        priority = priority == null ? 0 : priority;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
        contentIdleTimeout = contentIdleTimeout == null ? Duration.ofSeconds(30) : contentIdleTimeout;
        maxConcurrency = maxConcurrency == null ? 16 : maxConcurrency;
        clientReserve = clientReserve == null ? maxConcurrency / 4 : clientReserve;
        maxDownloads = maxDownloads == null ? 64 : maxDownloads;
        allowPrivateAddresses = allowPrivateAddresses != null && allowPrivateAddresses;
        contentHosts = contentHosts == null ? null : List.copyOf(contentHosts);
        if (maxConcurrency < 1 || maxDownloads < 1) {
            throw new IllegalArgumentException("Upstream " + name + ": max-concurrency and max-downloads must be at least 1");
        }
        if (clientReserve < 0 || clientReserve >= maxConcurrency) {
            throw new IllegalArgumentException("Upstream " + name + ": client-reserve must be from 0 to max-concurrency - 1");
        }
        if (storageUri != null && !storageUri.isBlank() && !storageUri.matches("gs://[a-z0-9][a-z0-9._-]{1,220}(/.*)?")) {
            throw new IllegalArgumentException("Upstream " + name + ": storage-uri must be gs://BUCKET/PREFIX/, got: " + storageUri);
        }
        storageUri = storageUri == null || storageUri.isBlank() ? null : storageUri;
    }

    /** An upstream without the Google Cloud settings (project, location, storage-uri, storage-url), which only Vertex reads. */
    public UpstreamProperties(String name, String kind, URI baseUrl, String apiKey, String secretKey, String apiVersion,
                              List<String> models, List<String> providerModels, Integer priority, Duration connectTimeout,
                              Duration requestTimeout, Duration contentIdleTimeout, Integer maxConcurrency,
                              Integer clientReserve, Integer maxDownloads, Boolean allowPrivateAddresses,
                              List<String> contentHosts, Duration retention) {
        this(name, kind, baseUrl, apiKey, secretKey, apiVersion, models, providerModels, priority, connectTimeout,
                requestTimeout, contentIdleTimeout, maxConcurrency, clientReserve, maxDownloads, allowPrivateAddresses,
                contentHosts, retention, null, null, null, null);
    }

    /**
     * The model id to send to the provider for the client-facing {@code model}: from provider-models
     * (entries {@code MODEL=PROVIDER_MODEL}, e.g. an Azure deployment), else the same name.
     */
    public String providerModel(String model) {
        for (String entry : providerModels) {
            int equals = entry.indexOf('=');
            if (entry.substring(0, equals).equals(model)) {
                return entry.substring(equals + 1);
            }
        }
        return model;
    }

    /** Whether a download may be redirected to {@code host}: any, unless content-hosts names suffixes. */
    boolean expectsContentHost(String host) {
        if (contentHosts == null || contentHosts.isEmpty()) {
            return true;
        }
        String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return contentHosts.stream().map(h -> h.toLowerCase(Locale.ROOT))
                .anyMatch(h -> lower.equals(h) || (h.startsWith(".") && lower.endsWith(h)));
    }

    /** This upstream with the kind's defaults for what the operator left out. */
    UpstreamProperties withDefaults(URI defaultBaseUrl, String defaultApiVersion, List<String> defaultContentHosts,
                                    Duration defaultRetention) {
        return new UpstreamProperties(name, kind, baseUrl != null ? baseUrl : defaultBaseUrl, apiKey, secretKey,
                apiVersion != null ? apiVersion : defaultApiVersion, models, providerModels, priority,
                connectTimeout, requestTimeout, contentIdleTimeout, maxConcurrency, clientReserve, maxDownloads,
                allowPrivateAddresses, contentHosts != null ? contentHosts : defaultContentHosts,
                retention != null ? retention : defaultRetention, project, location, storageUri, storageUrl);
    }

    @Override
    public String toString() {
        // Never the credentials, whatever logs or error messages this ends up in.
        return "Upstream[" + name + ", " + kind + ", " + baseUrl + ", models=" + (models.isEmpty() ? "(the kind's)" : models)
                + ", priority=" + priority + "]";
    }
}
