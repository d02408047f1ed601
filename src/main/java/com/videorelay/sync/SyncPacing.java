package com.videorelay.sync;

/**
 * When to sync a task next. Sooner while it moves, slower while it does not, backing off after
 * failures; an upstream's own {@code openai-poll-after-ms} wins, between min-interval and max-backoff.
 */
final class SyncPacing {

    private final long min;
    private final long max;
    private final long maxBackoff;

    SyncPacing(SyncProperties settings) {
        this.min = settings.minInterval().toMillis();
        this.max = settings.maxInterval().toMillis();
        this.maxBackoff = settings.maxBackoff().toMillis();
    }

    /** After a good answer. */
    long afterAnswer(boolean moved, Long upstreamPollAfterMs, long millisSinceLastSync) {
        if (upstreamPollAfterMs != null) {
            // The upstream knows best when it will have news; only the backoff cap bounds it.
            return Math.clamp(upstreamPollAfterMs, min, Math.max(max, maxBackoff));
        }
        if (moved) {
            return min;
        }
        return Math.clamp(millisSinceLastSync * 2, min, max);
    }

    /** After the {@code failures}-th failure in a row: min, 2×min, 4×min, … up to max-backoff. */
    long afterFailure(int failures) {
        long delay = Math.max(min, 1);
        for (int i = 1; i < failures && delay < maxBackoff; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxBackoff);
    }
}
