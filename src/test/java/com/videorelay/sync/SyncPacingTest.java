package com.videorelay.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SyncPacingTest {

    private final SyncPacing pacing = new SyncPacing(new SyncProperties(true, null, null, null,
            Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMinutes(5), null, null, null, null, "test", null));

    @Test
    void aMovingTaskIsSyncedAgainSoonest() {
        assertThat(pacing.afterAnswer(true, null, 25_000)).isEqualTo(2_000);
    }

    @Test
    void aStillTaskBacksOffByDoublingUpToTheMaximum() {
        assertThat(pacing.afterAnswer(false, null, 2_000)).isEqualTo(4_000);
        assertThat(pacing.afterAnswer(false, null, 20_000)).isEqualTo(30_000);
        assertThat(pacing.afterAnswer(false, null, 10)).isEqualTo(2_000);
    }

    @Test
    void theUpstreamsPollAfterWinsWithinTheBounds() {
        assertThat(pacing.afterAnswer(true, 7_000L, 0)).isEqualTo(7_000);
        assertThat(pacing.afterAnswer(false, 50L, 0)).isEqualTo(2_000);
        assertThat(pacing.afterAnswer(true, 120_000L, 0)).isEqualTo(120_000);
        assertThat(pacing.afterAnswer(true, 600_000L, 0)).isEqualTo(300_000);
    }

    @Test
    void failuresBackOffExponentiallyUpToTheMaximumBackoff() {
        assertThat(pacing.afterFailure(1)).isEqualTo(2_000);
        assertThat(pacing.afterFailure(2)).isEqualTo(4_000);
        assertThat(pacing.afterFailure(5)).isEqualTo(32_000);
        assertThat(pacing.afterFailure(50)).isEqualTo(300_000);
    }
}
