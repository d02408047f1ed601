package com.videorelay.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.test.system.CapturedOutput;

/**
 * The access line is written when the request's filter chain returns, which can be just after the
 * client has read a response the server flushed early: wait for it rather than race it.
 */
public final class AccessLog {

    private AccessLog() {
    }

    /** Waits until a line with this request id, logger and text (a regex after the logger) appears. */
    public static void awaitLine(CapturedOutput output, String requestId, String lineRegex) {
        String pattern = "\\[" + Pattern.quote(requestId) + "] .*videorelay\\.access +: " + lineRegex;
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(output.getAll()).containsPattern(pattern));
    }
}
