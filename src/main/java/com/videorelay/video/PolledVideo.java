package com.videorelay.video;

/**
 * A task as the poll answers it: the Video object, and for a task still running, how many
 * milliseconds until the background sync can have news ({@code openai-poll-after-ms}).
 */
public record PolledVideo(VideoResource video, Long pollAfterMs) {
}
