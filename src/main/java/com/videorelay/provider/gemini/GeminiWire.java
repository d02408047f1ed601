package com.videorelay.provider.gemini;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The Gemini API's Interactions endpoints on the wire, as far as video generation uses them. */
final class GeminiWire {

    private GeminiWire() {
    }

    /** POST /v1beta/interactions: {@code input} is the prompt, or a content array with an image first. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Create(String model, Object input, boolean background,
                  @JsonProperty("response_format") ResponseFormat responseFormat,
                  @JsonProperty("previous_interaction_id") String previousInteractionId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ResponseFormat(String type, String delivery, @JsonProperty("aspect_ratio") String aspectRatio,
                          String resolution, String duration) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Part(String type, String text, String data, @JsonProperty("mime_type") String mimeType, String uri) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Interaction(String id, String status, List<Step> steps) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Step(String type, List<Content> content) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Content(String type, String uri, String data, @JsonProperty("mime_type") String mimeType) {
    }

    /** Errors: {"error":{"code":"invalid_request","message":...}}; the Google front end sends a numeric code. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorEnvelope(ErrorBody error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(Object code, String message, String status) {
    }
}
