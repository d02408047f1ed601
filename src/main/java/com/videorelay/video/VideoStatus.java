package com.videorelay.video;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The five statuses a client can ever see. The database's check constraint holds the same list,
 * so nothing else can be stored, and {@link #fromColumn} refuses anything else rather than show it.
 */
public enum VideoStatus {
    QUEUED("queued"),
    IN_PROGRESS("in_progress"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String value;

    VideoStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    static VideoStatus fromColumn(String value) {
        return switch (value) {
            case "queued" -> QUEUED;
            case "in_progress" -> IN_PROGRESS;
            case "completed" -> COMPLETED;
            case "failed" -> FAILED;
            case "cancelled" -> CANCELLED;
            default -> throw new IllegalStateException("video_tasks.status holds an unknown value: " + value);
        };
    }
}
