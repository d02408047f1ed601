package com.videorelay.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A provider kind ({@code videorelay.upstreams[].kind}). Each provider package contributes one bean;
 * adding a provider means adding a package with its factory and adapter, nothing else. What every kind
 * has (its name, address, retention and models) is given to the constructor; the rest are overridden
 * only by the kinds that differ.
 */
public abstract class VideoProviderFactory {

    private final String kind;
    private final URI defaultBaseUrl;
    private final Duration defaultRetention;
    private final List<ModelSpec> builtInModels;

    /**
     * @param kind             the kind's name in configuration, e.g. runway
     * @param defaultBaseUrl   the provider's documented API address, used when base-url is not set; null if it must be set
     * @param defaultRetention how long the provider keeps a finished video downloadable (the video's expires_at);
     *                         null if it says so itself
     * @param builtInModels    the models this kind serves unless an upstream lists its own
     */
    protected VideoProviderFactory(String kind, URI defaultBaseUrl, Duration defaultRetention,
                                   List<ModelSpec> builtInModels) {
        this.kind = kind;
        this.defaultBaseUrl = defaultBaseUrl;
        this.defaultRetention = defaultRetention;
        this.builtInModels = List.copyOf(builtInModels);
    }

    public final String kind() {
        return kind;
    }

    /** The adapter for one configured upstream of this kind. */
    public abstract VideoProvider create(UpstreamProperties settings, ProviderHttp http);

    /** The address for one upstream; kinds whose address depends on its other settings (Vertex: the location) override it. */
    public URI defaultBaseUrl(UpstreamProperties settings) {
        return defaultBaseUrl;
    }

    public final URI defaultBaseUrl() {
        return defaultBaseUrl;
    }

    /** The API version header value to send by default, if the provider has one. */
    public String defaultApiVersion() {
        return null;
    }

    /** Host suffixes downloads may be redirected to; empty means any public host. */
    public List<String> defaultContentHosts() {
        return List.of();
    }

    public final Duration defaultRetention() {
        return defaultRetention;
    }

    /** Whether upstreams of this kind need a secret-key besides the api-key. */
    public boolean needsSecretKey() {
        return false;
    }

    /** Whether upstreams of this kind need an api-key at all. */
    public boolean needsApiKey() {
        return true;
    }

    public final List<ModelSpec> builtInModels() {
        return builtInModels;
    }
}
