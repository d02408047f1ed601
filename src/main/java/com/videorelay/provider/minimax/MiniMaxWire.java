package com.videorelay.provider.minimax;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** MiniMax's v1 video API on the wire (platform.minimax.io OpenAPI): every answer carries base_resp. */
final class MiniMaxWire {

    private MiniMaxWire() {
    }

    /** POST /v1/video_generation; first_frame_image is a URL or a data: URI. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Create(String model, String prompt, int duration, String resolution,
                  @JsonProperty("first_frame_image") String firstFrameImage) {
    }

    /** status_code 0 is success; anything else is one of MiniMax's error codes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BaseResp(@JsonProperty("status_code") Integer statusCode, @JsonProperty("status_msg") String statusMsg) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(@JsonProperty("task_id") String taskId, @JsonProperty("base_resp") BaseResp baseResp) {
    }

    /** GET /v1/query/video_generation?task_id=: status Preparing, Queueing, Processing, Success or Fail. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Task(@JsonProperty("task_id") String taskId, String status, @JsonProperty("file_id") String fileId,
                @JsonProperty("video_width") Integer videoWidth, @JsonProperty("video_height") Integer videoHeight,
                @JsonProperty("base_resp") BaseResp baseResp) {
    }

    /** GET /v1/files/retrieve?file_id=: file_id is an int64 there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Retrieved(File file, @JsonProperty("base_resp") BaseResp baseResp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record File(@JsonProperty("file_id") Long fileId, Long bytes, @JsonProperty("created_at") Long createdAt,
                String filename, String purpose, @JsonProperty("download_url") String downloadUrl) {
    }
}
