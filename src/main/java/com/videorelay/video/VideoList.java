package com.videorelay.video;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** OpenAI's list page: every key always present, ids null on an empty page. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"object", "data", "first_id", "last_id", "has_more"})
public record VideoList(
        List<VideoResource> data,
        @JsonProperty("first_id") String firstId,
        @JsonProperty("last_id") String lastId,
        @JsonProperty("has_more") boolean hasMore) {

    @JsonProperty("object")
    public String object() {
        return "list";
    }

    static VideoList of(List<VideoResource> page, boolean hasMore) {
        return new VideoList(page, page.isEmpty() ? null : page.getFirst().id(),
                page.isEmpty() ? null : page.getLast().id(), hasMore);
    }
}
