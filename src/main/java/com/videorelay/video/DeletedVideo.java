package com.videorelay.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

@JsonPropertyOrder({"id", "object", "deleted"})
public record DeletedVideo(String id) {

    @JsonProperty("object")
    public String object() {
        return "video.deleted";
    }

    @JsonProperty("deleted")
    public boolean deleted() {
        return true;
    }
}
