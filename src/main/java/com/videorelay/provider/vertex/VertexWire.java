package com.videorelay.provider.vertex;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Vertex AI's Veo endpoints on the wire: {@code :predictLongRunning} and {@code :fetchPredictOperation}. */
final class VertexWire {

    private VertexWire() {
    }

    /** POST …/models/{model}:predictLongRunning: one instance, the shape in parameters. */
    record Predict(List<Instance> instances, Parameters parameters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Instance(String prompt, Media image) {
    }

    /** An image or video: exactly one of bytesBase64Encoded and gcsUri, with its mimeType. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Media(String bytesBase64Encoded, String gcsUri, String mimeType) {
    }

    /** storageUri absent: the video comes back inline in the operation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Parameters(String aspectRatio, int durationSeconds, String resolution, int sampleCount, String storageUri,
                      Boolean generateAudio) {
    }

    /** POST …/models/{model}:fetchPredictOperation. */
    record Fetch(String operationName) {
    }

    /**
     * A google.longrunning.Operation in proto3 JSON: {@code done} is left out while it is false; a finished
     * one has either {@code error} (a google.rpc.Status) or {@code response}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Operation(String name, Boolean done, Status error, Result response) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(Integer code, String message) {
    }

    /** Vertex's flat result: videos[], and how many the safety filters (RAI) removed, with support codes. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(Integer raiMediaFilteredCount, List<String> raiMediaFilteredReasons, List<Video> videos) {
    }

    /** One result: in the bucket (gcsUri) or inline (base64, decoded by the JSON reader). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Video(String gcsUri, byte[] bytesBase64Encoded, String mimeType) {
    }

    /** HTTP errors: {"error": {"code": 400, "message", "status": "INVALID_ARGUMENT"}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorBody(ErrorDetail error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorDetail(Integer code, String message, String status) {
    }
}
