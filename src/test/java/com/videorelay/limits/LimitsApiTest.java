package com.videorelay.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.Api;
import com.videorelay.support.FakeUpstream;
import com.videorelay.support.GatewayInstance;
import com.videorelay.support.RelayTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Per-project limits: each one refused in OpenAI's 429 envelope with Retry-After, and the two that are
 * kept in the database (creates per minute, video seconds per day) shared by a second gateway instance
 * on the same database, as two replicas would be.
 */
class LimitsApiTest extends RelayTest {

    private static ConfigurableApplicationContext second;
    private static final AtomicInteger accepted = new AtomicInteger();

    @BeforeEach
    void upstreamAcceptsEverything() {
        PRIMARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 200,
                FakeUpstream.video("up_limits_" + accepted.incrementAndGet(), "queued", 0)));
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    private Api secondInstance() {
        if (second == null) {
            second = GatewayInstance.start(Map.ofEntries(
                    Map.entry("videorelay.sync.enabled", "false"),
                    Map.entry("videorelay.upstreams[0].name", "fault-primary"),
                    Map.entry("videorelay.upstreams[0].kind", "openai"),
                    Map.entry("videorelay.upstreams[0].base-url", PRIMARY.baseUrl()),
                    Map.entry("videorelay.upstreams[0].api-key", PRIMARY_SECRET),
                    Map.entry("videorelay.upstreams[0].models[0]", "sora-2")));
        }
        return Api.on(((WebServerApplicationContext) second).getWebServer().getPort());
    }

    private void limit(String column, int value) {
        jdbc.sql("insert into project_limits (project_id, " + column + ") values (?, ?) "
                + "on conflict (project_id) do update set " + column + " = excluded." + column).params(project, value).update();
    }

    private HttpResponse<String> create(Api on, String seconds) {
        return on.post("/v1/videos", key, "application/json", "{\"prompt\":\"a fox\",\"seconds\":\"" + seconds + "\"}");
    }

    @Test
    void createsPerMinuteHoldAcrossTwoReplicas() {
        limit("creates_per_minute", 2);
        Api other = secondInstance();

        assertThat(create(api, "4").statusCode()).isEqualTo(200);
        assertThat(create(other, "4").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = create(other, "4");
        HttpResponse<String> refusedHere = create(api, "4");

        for (HttpResponse<String> response : List.of(refused, refusedHere)) {
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.body()).startsWith("{\"error\":{\"message\":\"Rate limit reached for video creates: 2 "
                    + "per minute for your project.").endsWith("\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
            assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
            assertThat(response.headers().firstValue("x-ratelimit-limit-requests")).hasValue("2");
            assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        }
        assertThat(jdbc.sql("select count(*) from video_tasks where project_id = ?").param(project)
                .query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void theDailyVideoSecondsBudgetHoldsAcrossTwoReplicas() {
        limit("video_seconds_per_day", 20);
        Api other = secondInstance();

        assertThat(create(api, "8").statusCode()).isEqualTo(200);
        assertThat(create(other, "8").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = create(other, "8");
        assertThat(create(api, "4").statusCode()).as("4 more seconds still fit").isEqualTo(200);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"error\":{\"message\":\"You exceeded your project's daily video quota "
                + "of 20 seconds. It resets at midnight UTC.\",\"type\":\"insufficient_quota\",\"param\":null,"
                + "\"code\":\"insufficient_quota\"}}");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 86_401L);
    }

    @Test
    void unfinishedTasksAreCapped() {
        limit("max_unfinished_tasks", 1);

        assertThat(create(api, "4").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = create(api, "4");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("{\"error\":{\"message\":\"Your project has 1 unfinished videos, the most "
                + "it may have at once (1). Please retry when one has completed.\",\"type\":\"requests\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void pollsPerSecondAreCappedInMemoryWithOpenAiHeaders() {
        limit("polls_per_second", 3);
        String task = fixtures.task(project, "queued");

        List<HttpResponse<String>> polls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            polls.add(api.get("/v1/videos/" + task, key));
        }

        HttpResponse<String> first = polls.getFirst();
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
        assertThat(first.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("2");
        assertThat(first.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
        // Twelve polls in a row cannot all fit in 3 per second unless each took over 300 ms.
        HttpResponse<String> refused = polls.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.body()).startsWith("{\"error\":{\"message\":\"Rate limit reached for polls: 3 per second")
                .endsWith("\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    }
}
