package com.videorelay.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VideoIdsTest {

    @Test
    void newIdsLookLikeOpenAisAndDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = VideoIds.newId();
            assertThat(id).matches("video_[0-9a-f]{32}");
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"video_68f10985d6c4819097007665bdcfba5f", "a", "A-Z_0-9", "task-123"})
    void wellFormedIds(String id) {
        assertThat(VideoIds.isWellFormed(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "video.mp4", "video/x", "vidéo", "video x", "video\n", "video%41", "video:1"})
    void malformedIds(String id) {
        assertThat(VideoIds.isWellFormed(id)).isFalse();
    }

    @Test
    void lengthLimitIs128() {
        assertThat(VideoIds.isWellFormed("x".repeat(128))).isTrue();
        assertThat(VideoIds.isWellFormed("x".repeat(129))).isFalse();
    }
}
