package com.videorelay.video;

import com.videorelay.task.VideoStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * OpenAI's Video object. All 13 keys are always written, {@code null} where empty, in the order of
 * the vendor documents this gateway replaces (OpenAI's SDKs do not care about order; people reading
 * responses do).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"id", "object", "model", "status", "progress", "created_at", "completed_at", "expires_at",
        "prompt", "seconds", "size", "remixed_from_video_id", "error"})
public record VideoResource(
        String id,
        String model,
        VideoStatus status,
        int progress,
        @JsonProperty("created_at") long createdAt,
        @JsonProperty("completed_at") Long completedAt,
        @JsonProperty("expires_at") Long expiresAt,
        String prompt,
        String seconds,
        String size,
        @JsonProperty("remixed_from_video_id") String remixedFromVideoId,
        VideoError error) {

    @JsonProperty("object")
    public String object() {
        return "video";
    }

    /** Why generation failed; both keys are always strings, as OpenAI's schema requires. */
    @JsonPropertyOrder({"message", "code"})
    public record VideoError(String message, String code) {

        static final String DEFAULT_CODE = "generation_failed";
        static final String DEFAULT_MESSAGE = "The video could not be generated.";

        /** Null when the task has no error; fills whichever half an admin or upstream left empty. */
        static VideoError of(String code, String message) {
            if (code == null && message == null) {
                return null;
            }
            return new VideoError(message != null ? message : DEFAULT_MESSAGE, code != null ? code : DEFAULT_CODE);
        }
    }
}
