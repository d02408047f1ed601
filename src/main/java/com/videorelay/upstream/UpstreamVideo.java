package com.videorelay.upstream;

/**
 * What an upstream says about one of its tasks, read from its Video object. Every field but the id
 * may be missing; {@code status} is the upstream's word as is (the sync maps it to the five statuses).
 *
 * @param pollAfterMs the upstream's {@code openai-poll-after-ms} header, if it sent one
 */
public record UpstreamVideo(
        String id,
        String status,
        Integer progress,
        String model,
        String seconds,
        String size,
        Long completedAt,
        Long expiresAt,
        String errorCode,
        String errorMessage,
        Long pollAfterMs) {
}
