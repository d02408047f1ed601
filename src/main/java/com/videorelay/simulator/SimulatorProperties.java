package com.videorelay.simulator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.simulator}: the built-in fake provider.
 *
 * @param enabled       serve {@code /simulator/v1/videos}; off unless asked for (bin/videorelay turns it on)
 * @param duration      how long a video takes from create to completed
 * @param failureMarker a prompt containing this text makes the video fail halfway
 * @param retention     how long completed content stays downloadable (expires_at)
 */
@ConfigurationProperties("videorelay.simulator")
public record SimulatorProperties(Boolean enabled, Duration duration, String failureMarker, Duration retention) {

    public SimulatorProperties {
        enabled = enabled != null && enabled;
        duration = duration == null ? Duration.ofSeconds(10) : duration;
        failureMarker = failureMarker == null || failureMarker.isEmpty() ? "[fail]" : failureMarker;
        retention = retention == null ? Duration.ofHours(24) : retention;
    }
}
