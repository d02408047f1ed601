package com.videorelay.provider;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Where an asset's bytes are fetched from: an address at the provider, or bytes the gateway keeps itself.
 *
 * @param url         the address to GET; null for {@code local} content
 * @param headers     headers that GET needs (a credential for a provider's own API); never sent on after a redirect
 * @param refreshable true if the address can expire and a fresh one comes from reading the task again
 * @param local       bytes the gateway stored itself (a provider that answers with the video inline), or null
 */
public record ContentSource(URI url, Map<String, String> headers, boolean refreshable, Local local) {

    /** Bytes held by the gateway, served with the same Range rules as a provider's download. */
    @FunctionalInterface
    public interface Local {
        /** Answers 200, 206 or 416 to {@code sink}, like {@link ProviderHttp#stream}. */
        void stream(String range, String ifRange, ProviderHttp.ContentSink sink) throws IOException;
    }

    public ContentSource(URI url, Map<String, String> headers, boolean refreshable) {
        this(url, headers, refreshable, null);
    }

    public static ContentSource local(Local local) {
        return new ContentSource(null, Map.of(), false, local);
    }

    /**
     * For providers whose only asset is the finished video at a URL they hand out (no thumbnail, no
     * spritesheet): the stored address, or one read fresh from the task; refreshable, no credential.
     */
    public static java.util.Optional<ContentSource> resultVideo(String variant, String resultUrl,
                                                                java.util.function.Supplier<String> fresh) {
        return resultVideoUrl(variant, resultUrl, fresh).map(url -> new ContentSource(URI.create(url), Map.of(), true));
    }

    /** The same address, for providers that must add a credential or turn it into another request. */
    public static java.util.Optional<String> resultVideoUrl(String variant, String resultUrl,
                                                           java.util.function.Supplier<String> fresh) {
        if (!variant.equals("video")) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(resultUrl != null ? resultUrl : fresh.get());
    }
}
