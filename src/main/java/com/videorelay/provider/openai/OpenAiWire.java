package com.videorelay.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** OpenAI's Videos API on the wire, as far as the adapter reads and writes it. */
final class OpenAiWire {

    private OpenAiWire() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CreateRequest(String model, String prompt, String seconds, String size,
                         @JsonProperty("input_reference") Reference inputReference) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reference(@JsonProperty("image_url") String imageUrl, @JsonProperty("file_id") String fileId) {
    }

    record RemixRequest(String prompt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Video(String id, String status, Integer progress, @JsonProperty("completed_at") Long completedAt,
                 @JsonProperty("expires_at") Long expiresAt, Error error) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(String message, String code, String param) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorEnvelope(Error error) {
    }
}
