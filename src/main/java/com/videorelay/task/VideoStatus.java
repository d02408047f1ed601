package com.videorelay.task;

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

    /** {@code 'queued', 'in_progress'}: the statuses a task can still leave, for SQL's {@code status in (…)}. */
    public static final String UNFINISHED_SQL = sqlList(status -> !status.isTerminal());
    /** All five, for SQL. SQL names a status only through this enum, so the two cannot drift apart. */
    public static final String ALL_SQL = sqlList(status -> true);

    private final String value;

    VideoStatus(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** This status as an SQL literal, e.g. {@code 'queued'}. */
    public String sql() {
        return "'" + value + "'";
    }

    private static String sqlList(java.util.function.Predicate<VideoStatus> which) {
        return java.util.Arrays.stream(values()).filter(which).map(VideoStatus::sql)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * An upstream's status word, if it is one of the five (case-insensitive; {@code processing} and
     * {@code canceled} are read as their OpenAI spellings). Anything else is empty: the caller keeps
     * the task in progress rather than show a status clients do not know.
     */
    public static java.util.Optional<VideoStatus> fromUpstream(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "queued", "pending" -> QUEUED;
            case "in_progress", "processing", "running" -> IN_PROGRESS;
            case "completed", "succeeded" -> COMPLETED;
            case "failed" -> FAILED;
            case "cancelled", "canceled" -> CANCELLED;
            default -> null;
        });
    }

    /**
     * A status never goes backwards: queued, then in_progress, then a terminal one. A terminal status
     * is final, so nothing replaces it.
     */
    public VideoStatus advancedTo(VideoStatus next) {
        if (isTerminal()) {
            return this;
        }
        return next.ordinal() >= ordinal() ? next : this;
    }

    public static VideoStatus fromColumn(String value) {
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
