package com.videorelay.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedVideoTest {

    private final SimulatedVideo job = new SimulatedVideo(1_000_000L, 10_000L, false, "sora-2", "8", "1280x720");

    @Test
    void theIdCarriesTheWholeJobSoAnyReplicaCanAnswerForIt() {
        String id = job.id();

        assertThat(id).startsWith("sim_").matches("[A-Za-z0-9_-]+");
        assertThat(SimulatedVideo.fromId(id)).hasValue(job);
        assertThat(job.id()).isNotEqualTo(id);
    }

    @Test
    void queuedThenInProgressWithRisingProgressThenCompleted() {
        assertThat(job.statusAt(1_000_500L)).isEqualTo("queued");
        assertThat(job.statusAt(1_003_000L)).isEqualTo("in_progress");
        assertThat(job.progressAt(1_003_000L)).isEqualTo(30);
        assertThat(job.progressAt(1_009_000L)).isEqualTo(90);
        assertThat(job.statusAt(1_010_000L)).isEqualTo("completed");
        assertThat(job.progressAt(1_010_000L)).isEqualTo(100);
    }

    @Test
    void aFailingJobFailsHalfway() {
        SimulatedVideo failing = new SimulatedVideo(0, 10_000L, true, "sora-2", "4", "720x1280");

        assertThat(failing.statusAt(4_999)).isEqualTo("in_progress");
        assertThat(failing.statusAt(5_000)).isEqualTo("failed");
        assertThat(failing.finishedMillis()).isEqualTo(5_000);
    }

    @Test
    void idsItDidNotMakeAreUnknown() {
        assertThat(SimulatedVideo.fromId("video_123")).isEmpty();
        assertThat(SimulatedVideo.fromId("sim_!!!")).isEmpty();
        assertThat(SimulatedVideo.fromId("sim_aGVsbG8")).isEmpty();
    }
}
