package com.videorelay.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.videorelay.provider.Submission;

/**
 * A create as the client sent it, JSON or multipart alike, before validation. Unknown JSON keys are
 * ignored, so newer SDKs sending newer optional parameters still work.
 */
public record CreateVideoRequest(
        String model,
        String prompt,
        String seconds,
        String size,
        @JsonProperty("input_reference") ImageReference inputReference,
        Submission.Upload upload) {

    /** {@code input_reference} as an object: exactly one of the two. */
    public record ImageReference(@JsonProperty("image_url") String imageUrl, @JsonProperty("file_id") String fileId) {
    }
}
