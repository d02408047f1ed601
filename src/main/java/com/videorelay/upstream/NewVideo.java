package com.videorelay.upstream;

import java.io.IOException;
import java.io.InputStream;

/**
 * A create as it is sent upstream, already validated. At most one of {@code upload}, {@code imageUrl}
 * and {@code fileId} is set; with an upload the request goes out as multipart, otherwise as JSON.
 */
public record NewVideo(String model, String prompt, String seconds, String size, String imageUrl, String fileId,
                       Upload upload) {

    /** An uploaded reference file; opened once per attempt, so a failover can send it again. */
    public record Upload(String filename, String contentType, Opener opener) {
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
