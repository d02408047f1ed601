package com.videorelay.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A provider kind ({@code videorelay.upstreams[].kind}). Each provider package contributes one bean;
 * adding a provider means adding a package with its factory and adapter, nothing else.
 */
public interface VideoProviderFactory {

    /** The kind's name in configuration, e.g. runway. */
    String kind();

    /** The adapter for one configured upstream of this kind. */
    VideoProvider create(UpstreamProperties settings, ProviderHttp http);

    /** The provider's documented API address, used when base-url is not set; null if it must be set. */
    default URI defaultBaseUrl() {
        return null;
    }

    /** The same for one upstream, for kinds whose address depends on its other settings (Vertex: the location). */
    default URI defaultBaseUrl(UpstreamProperties settings) {
        return defaultBaseUrl();
    }

    /** The API version header value to send by default, if the provider has one. */
    default String defaultApiVersion() {
        return null;
    }

    /** Host suffixes downloads may be redirected to; empty means any public host. */
    default List<String> defaultContentHosts() {
        return List.of();
    }

    /** How long the provider keeps a finished video downloadable: the video's expires_at. Null if it says so itself. */
    default Duration defaultRetention() {
        return null;
    }

    /** Whether upstreams of this kind need a secret-key besides the api-key. */
    default boolean needsSecretKey() {
        return false;
    }

    /** Whether upstreams of this kind need an api-key at all. */
    default boolean needsApiKey() {
        return true;
    }

    /** The models this kind serves unless an upstream lists its own. */
    List<ModelSpec> builtInModels();
}
