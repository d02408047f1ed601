package com.videorelay.video;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.poll-cache}: polled tasks kept in memory per replica ({@link PollCache}).
 *
 * @param enabled    off: every poll reads PostgreSQL, as before
 * @param maxEntries tasks kept at most (about 0.6 KB each)
 * @param maxAge     a kept task is read again after this long even if no change was announced
 */
@ConfigurationProperties("videorelay.poll-cache")
public record PollCacheProperties(Boolean enabled, Integer maxEntries, Duration maxAge) {

    public PollCacheProperties {
        enabled = enabled == null || enabled;
        maxEntries = maxEntries == null ? 100_000 : maxEntries;
        maxAge = maxAge == null ? Duration.ofMinutes(10) : maxAge;
    }
}
