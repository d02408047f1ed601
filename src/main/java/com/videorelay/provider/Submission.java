package com.videorelay.provider;

import java.io.IOException;
import java.io.InputStream;

/**
 * A new video as an adapter sends it: validated against the model catalogue, with the values the
 * client asked for (or the model's defaults). {@code gatewayId} is the client-facing id; providers
 * that accept a client-chosen id get it, so an ambiguous submission can be reconciled.
 *
 * @param providerModel the provider's own model id
 * @param seconds       the clip length as OpenAI writes it, e.g. "8"; one the catalogue accepts
 * @param size          {@code WIDTHxHEIGHT}; one the catalogue accepts
 * @param image         the reference image, or null
 */
public record Submission(String gatewayId, String providerModel, String prompt, String seconds, String size,
                         Image image) {

    /** A reference image: exactly one of an upload, a URL (https: or data:) or an OpenAI file id. */
    public record Image(Upload upload, String url, String fileId) {
    }

    /** An uploaded file, opened once per attempt. */
    public record Upload(String filename, String contentType, long size, Opener opener) {
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public int secondsAsInt() {
        return Integer.parseInt(seconds);
    }

    /** Width and height of {@link #size}. */
    public int[] dimensions() {
        String[] parts = size.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }
}
