package com.videorelay.provider.ark;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Seedance on Volcengine Ark / BytePlus ModelArk on the wire (content generation tasks, API v3). */
final class ArkWire {

    private ArkWire() {
    }

    /** POST /contents/generations/tasks: the prompt and images in content[], the shape as top-level fields. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Create(String model, List<Content> content, String ratio, String resolution, int duration) {
    }

    /** type text (with text) or image_url (with image_url and role first_frame). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Content(String type, String text, @JsonProperty("image_url") ImageUrl imageUrl, String role) {

        static Content text(String text) {
            return new Content("text", text, null, null);
        }

        static Content firstFrame(String url) {
            return new Content("image_url", null, new ImageUrl(url), "first_frame");
        }
    }

    record ImageUrl(String url) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String id) {
    }

    /** GET /contents/generations/tasks/{id}: status queued, running, succeeded, failed, cancelled or expired. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(String id, String model, String status, Output content, Error error,
                @JsonProperty("created_at") Long createdAt, @JsonProperty("updated_at") Long updatedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Output(@JsonProperty("video_url") String videoUrl, @JsonProperty("last_frame_url") String lastFrameUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String code, String message, String param, String type) {
    }

    /** Error answers keep the HTTP status: {"error": {"code", "message", "param", "type"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(Error error) {
    }
}
