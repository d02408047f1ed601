package com.videorelay.provider.runway;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Runway's API on the wire (SDK runwayml/sdk-node, X-Runway-Version 2024-11-06). */
final class RunwayWire {

    private RunwayWire() {
    }

    /** POST /v1/text_to_video. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextToVideo(String model, String promptText, String ratio, int duration) {
    }

    /** POST /v1/image_to_video: promptImage is an HTTPS URL or a data URI. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImageToVideo(String model, String promptImage, String promptText, String ratio, int duration) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String id) {
    }

    /** GET /v1/tasks/{id}: progress is 0–1 while RUNNING; output while SUCCEEDED; failure(Code) while FAILED. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(String id, String status, Double progress, List<String> output, String failure, String failureCode) {
    }

    /** Error bodies: {"error": "...", "issues": [{"message": "...", "path": [...]}]}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String error, List<Issue> issues) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Issue(String message, List<Object> path) {
    }
}
