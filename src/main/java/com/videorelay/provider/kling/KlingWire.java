package com.videorelay.provider.kling;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Kling's official API on the wire: every answer is {code, message, request_id, data}. */
final class KlingWire {

    private KlingWire() {
    }

    /** POST /v1/videos/text2video and /image2video (image: a URL or raw base64 without a data: prefix). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Create(@JsonProperty("model_name") String modelName, String prompt, String image, String duration, String mode,
                  @JsonProperty("aspect_ratio") String aspectRatio,
                  @JsonProperty("external_task_id") String externalTaskId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Envelope(Integer code, String message, @JsonProperty("request_id") String requestId, Task data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(@JsonProperty("task_id") String taskId, @JsonProperty("task_status") String taskStatus,
                @JsonProperty("task_status_msg") String taskStatusMsg, @JsonProperty("task_result") Result taskResult) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(List<Video> videos) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Video(String id, String url, String duration) {
    }
}
