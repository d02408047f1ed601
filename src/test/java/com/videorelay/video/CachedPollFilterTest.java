package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.videorelay.support.AccessLog;
import com.videorelay.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A poll of a cached task by a known key is answered by {@link CachedPollFilter}, ahead of Spring
 * Security and MVC, and must be indistinguishable from the pipeline's answer: same status, same
 * headers (but for the per-request ones), same bytes, same access line and request timer. Every
 * other case goes down the pipeline as before.
 */
@ExtendWith(OutputCaptureExtension.class)
class CachedPollFilterTest extends IntegrationTest {

    /** Differ from one answer to the next whoever writes them. */
    private static final Set<String> PER_REQUEST = Set.of("date", "x-request-id", "x-ratelimit-remaining-requests",
            "x-ratelimit-reset-requests");

    @MockitoSpyBean
    VideoService videos;

    @Autowired
    MeterRegistry meters;

    long project;
    String key;

    @BeforeEach
    void setUp() {
        project = fixtures.project();
        key = fixtures.apiKey(project);
        clearInvocations(videos);
    }

    private static Map<String, String> stableHeaders(HttpResponse<String> response) {
        return response.headers().map().entrySet().stream()
                .filter(header -> !PER_REQUEST.contains(header.getKey().toLowerCase()))
                .collect(Collectors.toMap(header -> header.getKey().toLowerCase(), header -> String.join(",", header.getValue()),
                        (a, b) -> a, TreeMap::new));
    }

    @Test
    void aCachedPollAnswersWithThePipelinesStatusHeadersAndBytesWithoutReachingIt() {
        for (String status : new String[] {"in_progress", "completed", "failed"}) {
            String task = fixtures.task(project, status);

            HttpResponse<String> fromPipeline = api.get("/v1/videos/" + task, key); // a miss: read, then kept
            HttpResponse<String> fromCache = api.get("/v1/videos/" + task, key);

            verify(videos, times(1)).poll(project, task); // the second never reached the controller
            assertThat(fromCache.statusCode()).isEqualTo(200).isEqualTo(fromPipeline.statusCode());
            assertThat(fromCache.body()).isEqualTo(fromPipeline.body());
            assertThat(stableHeaders(fromCache)).as(status).isEqualTo(stableHeaders(fromPipeline))
                    .containsEntry("content-type", "application/json")
                    .containsEntry("x-content-type-options", "nosniff")
                    .containsEntry("x-frame-options", "DENY")
                    .containsEntry("x-ratelimit-limit-requests", "100000");
            assertThat(fromCache.headers().firstValue("x-ratelimit-remaining-requests")).isPresent();
            assertThat(fromCache.headers().firstValue("x-request-id")).isPresent()
                    .isNotEqualTo(fromPipeline.headers().firstValue("x-request-id"));
            assertThat(fromCache.headers().firstValue("openai-poll-after-ms").isPresent())
                    .isEqualTo(status.equals("in_progress"));
        }
    }

    @Test
    void theCachedAnswerHasTheRoutesAccessLineAndRequestTimer(CapturedOutput output) {
        String task = fixtures.task(project, "completed");
        long start = pollsTimed();
        api.get("/v1/videos/" + task, key);
        // The timer is stopped after the answer is sent: wait until the first poll is counted.
        await().atMost(Duration.ofSeconds(5)).until(() -> pollsTimed() > start);
        long before = pollsTimed();

        HttpResponse<String> fromCache = api.get("/v1/videos/" + task, key);

        verify(videos, times(1)).poll(anyLong(), anyString());
        AccessLog.awaitLine(output, fromCache.headers().firstValue("x-request-id").orElseThrow(),
                "GET /v1/videos/\\{video_id} 200 \\d+ms project=" + project);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(pollsTimed())
                .as(() -> meters.find("http.server.requests").timers().stream()
                        .map(t -> t.getId() + "=" + t.count()).collect(Collectors.joining("\n")))
                .isEqualTo(before + 1));
    }

    private long pollsTimed() {
        return meters.find("http.server.requests").tag("uri", "/v1/videos/{video_id}").tag("status", "200").timers()
                .stream().mapToLong(Timer::count).sum();
    }

    @Test
    void anotherProjectsKeyGetsThePipelinesNotFoundEvenWhenTheTaskIsCached() {
        String task = fixtures.task(project, "completed");
        api.get("/v1/videos/" + task, key);
        String strangersKey = fixtures.apiKey(fixtures.project());
        api.get("/v1/models", strangersKey); // the stranger's key is now known in memory too
        clearInvocations(videos);

        HttpResponse<String> answer = api.get("/v1/videos/" + task, strangersKey);

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo(VideoRetrieveApiTest.NOT_FOUND);
        verify(videos, times(1)).poll(anyLong(), anyString()); // answered by the pipeline
    }

    @Test
    void aMissingOrUnknownKeyIsRefusedByThePipelineEvenWhenTheTaskIsCached() {
        String task = fixtures.task(project, "completed");
        api.get("/v1/videos/" + task, key);
        clearInvocations(videos);

        HttpResponse<String> noKey = api.get("/v1/videos/" + task, null);
        HttpResponse<String> unknownKey = api.get("/v1/videos/" + task, "sk-unknown-0123456789abcdef");

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body()).contains("You didn't provide an API key.");
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.body()).contains("\"code\":\"invalid_api_key\"");
        verify(videos, never()).poll(anyLong(), anyString());
    }

    @Test
    void aDeletedTaskIsNeverServedFromTheCache() {
        String task = fixtures.task(project, "completed");
        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);
        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);

        assertThat(api.send("DELETE", "/v1/videos/" + task, "Bearer " + key).statusCode()).isEqualTo(200);
        HttpResponse<String> afterDelete = api.get("/v1/videos/" + task, key);

        assertThat(afterDelete.statusCode()).isEqualTo(404);
        assertThat(afterDelete.body()).isEqualTo(VideoRetrieveApiTest.NOT_FOUND);
    }
}
