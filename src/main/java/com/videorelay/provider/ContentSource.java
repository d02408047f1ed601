package com.videorelay.provider;

import java.net.URI;
import java.util.Map;

/**
 * Where an asset's bytes are fetched from.
 *
 * @param url         the address to GET
 * @param headers     headers that GET needs (a credential for a provider's own API); never sent on after a redirect
 * @param refreshable true if the address can expire and a fresh one comes from reading the task again
 */
public record ContentSource(URI url, Map<String, String> headers, boolean refreshable) {

    /**
     * For providers whose only asset is the finished video at a URL they hand out (no thumbnail, no
     * spritesheet): the stored address, or one read fresh from the task; refreshable, no credential.
     */
    public static java.util.Optional<ContentSource> resultVideo(String variant, String resultUrl,
                                                                java.util.function.Supplier<String> fresh) {
        if (!variant.equals("video")) {
            return java.util.Optional.empty();
        }
        String url = resultUrl != null ? resultUrl : fresh.get();
        return url == null ? java.util.Optional.empty() : java.util.Optional.of(new ContentSource(URI.create(url), Map.of(), true));
    }
}
