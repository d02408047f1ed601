package com.videorelay.provider;

import com.videorelay.task.VideoStatus;

/**
 * What a provider says about one of its tasks, already mapped to OpenAI's terms.
 *
 * @param progress    0–100, or null when the provider reports none (the sync then estimates it)
 * @param completedAt unix seconds, if the provider says when it finished
 * @param expiresAt   unix seconds until which the content can be downloaded, if the provider says
 * @param errorCode   for a failed task: the client-facing code, e.g. moderation_blocked
 * @param errorMessage for a failed task: the client-facing message (never raw text the provider says not to show)
 * @param pollAfterMs when the provider says to ask again, if it does
 * @param resultUrl   where the finished video can be downloaded, for providers that give a URL
 * @param detail      the provider's own status word, for logs
 */
public record TaskState(VideoStatus status, Integer progress, Long completedAt, Long expiresAt, String errorCode,
                        String errorMessage, Long pollAfterMs, String resultUrl, String detail) {

    public static TaskState of(VideoStatus status, Integer progress, String detail) {
        return new TaskState(status, progress, null, null, null, null, null, null, detail);
    }

    public static TaskState failed(String code, String message, String detail) {
        return new TaskState(VideoStatus.FAILED, null, null, null, code, message, null, null, detail);
    }

    public static TaskState completed(String resultUrl, Long expiresAt, String detail) {
        return new TaskState(VideoStatus.COMPLETED, 100, null, expiresAt, null, null, null, resultUrl, detail);
    }

    public TaskState withPollAfter(Long millis) {
        return new TaskState(status, progress, completedAt, expiresAt, errorCode, errorMessage, millis, resultUrl, detail);
    }

    public TaskState withCompletedAt(Long seconds) {
        return new TaskState(status, progress, seconds, expiresAt, errorCode, errorMessage, pollAfterMs, resultUrl, detail);
    }
}
