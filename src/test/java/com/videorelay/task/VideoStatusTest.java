package com.videorelay.task;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VideoStatusTest {

    @ParameterizedTest
    @CsvSource({"queued, QUEUED", "in_progress, IN_PROGRESS", "Processing, IN_PROGRESS", "completed, COMPLETED",
            "failed, FAILED", "canceled, CANCELLED", "cancelled, CANCELLED"})
    void upstreamWordsMapToTheFiveStatuses(String word, VideoStatus status) {
        assertThat(VideoStatus.fromUpstream(word)).hasValue(status);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "", "rendering", "done!"})
    void anythingElseIsNoStatusAtAll(String word) {
        assertThat(VideoStatus.fromUpstream(word)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "QUEUED, IN_PROGRESS, IN_PROGRESS",
            "IN_PROGRESS, QUEUED, IN_PROGRESS",
            "IN_PROGRESS, COMPLETED, COMPLETED",
            "COMPLETED, IN_PROGRESS, COMPLETED",
            "CANCELLED, COMPLETED, CANCELLED",
            "FAILED, COMPLETED, FAILED",
            "QUEUED, FAILED, FAILED",
    })
    void aStatusNeverGoesBackwardsAndATerminalOneIsFinal(VideoStatus current, VideoStatus reported,
                                                          VideoStatus expected) {
        assertThat(current.advancedTo(reported)).isEqualTo(expected);
    }
}
