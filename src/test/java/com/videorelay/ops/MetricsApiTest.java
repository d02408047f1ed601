package com.videorelay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** /actuator/prometheus: admin token only, request latency histograms, task gauges from the database. */
class MetricsApiTest extends IntegrationTest {

    static final List<String> STATUSES = List.of("queued", "in_progress", "completed", "failed", "cancelled");

    @Autowired
    TaskStatusGauges gauges;

    @Test
    void withoutTheAdminTokenMetricsAreRefusedInTheErrorEnvelope() {
        HttpResponse<String> missing = api.get("/actuator/prometheus", null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(missing.body()).isEqualTo("""
                {"error":{"message":"This endpoint needs the admin token: send it in an Authorization header \
                using Bearer auth (i.e. Authorization: Bearer $VIDEORELAY_ADMIN_TOKEN).",\
                "type":"invalid_request_error","param":null,"code":null}}""");

        HttpResponse<String> wrong = api.get("/actuator/prometheus", ADMIN_TOKEN + "x");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("""
                {"error":{"message":"Incorrect admin token provided.","type":"invalid_request_error",\
                "param":null,"code":"invalid_admin_token"}}""");
        assertThat(wrong.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void anApiKeyIsNotTheAdminToken() {
        String key = fixtures.apiKey(fixtures.project());

        assertThat(api.get("/actuator/prometheus", key).statusCode()).isEqualTo(401);
    }

    @Test
    void healthStaysPublicAndNothingElseUnderActuatorIsOpen() {
        assertThat(api.get("/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(api.get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(api.get("/actuator", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/actuator/env", null).statusCode()).isEqualTo(401);
        // Not exposed, even with the token: only health and prometheus are.
        HttpResponse<String> env = api.get("/actuator/env", ADMIN_TOKEN);
        assertThat(env.statusCode()).isEqualTo(404);
        assertThat(env.body()).contains("\"code\":\"unknown_url\"");
        assertThat(api.get("/actuator", ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void pollLatencyIsAHistogramPerUriTemplateAndStatus() {
        long project = fixtures.project();
        String key = fixtures.apiKey(project);
        String task = fixtures.task(project, "queued");
        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);
        assertThat(api.get("/v1/videos/video_unknown", key).statusCode()).isEqualTo(404);

        HttpResponse<String> scrape = api.get("/actuator/prometheus", ADMIN_TOKEN);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        String body = scrape.body();
        assertThat(bucketLine(body, "200")).as("a 200 bucket for the poll's template").isTrue();
        assertThat(bucketLine(body, "404")).as("a 404 bucket for the poll's template").isTrue();
        // The template, never the id: one series per route, not per task.
        assertThat(body).doesNotContain(task);
    }

    @Test
    void taskGaugesCountEveryStatusFromTheDatabase() {
        gauges.refresh();
        Map<String, Long> before = taskGauges(api.get("/actuator/prometheus", ADMIN_TOKEN).body());
        assertThat(before.keySet()).containsExactlyInAnyOrderElementsOf(STATUSES);
        long project = fixtures.project();
        fixtures.task(project, "queued");
        fixtures.task(project, "queued");
        fixtures.task(project, "failed");
        fixtures.task(project, "cancelled");

        gauges.refresh();
        Map<String, Long> after = taskGauges(api.get("/actuator/prometheus", ADMIN_TOKEN).body());

        Map<String, Long> expected = new LinkedHashMap<>();
        for (String status : STATUSES) {
            long inDatabase = jdbc.sql("select count(*) from video_tasks where status = ?").param(status)
                    .query(Long.class).single();
            expected.put(status, inDatabase);
        }
        assertThat(after).isEqualTo(expected);
        assertThat(after.get("queued") - before.get("queued")).isEqualTo(2);
        assertThat(after.get("failed") - before.get("failed")).isEqualTo(1);
        assertThat(after.get("cancelled") - before.get("cancelled")).isEqualTo(1);
        assertThat(after.get("in_progress")).isEqualTo(before.get("in_progress"));
    }

    @Test
    void gaugesAreCountedOnScheduleNotPerScrape() {
        gauges.refresh();
        long queued = taskGauges(api.get("/actuator/prometheus", ADMIN_TOKEN).body()).get("queued");
        fixtures.task(fixtures.project(), "queued");

        // The default schedule is 15 s: a scrape right after the insert still shows the last count.
        assertThat(taskGauges(api.get("/actuator/prometheus", ADMIN_TOKEN).body()).get("queued")).isEqualTo(queued);
        assertThat(api.get("/actuator/prometheus", ADMIN_TOKEN).body())
                .containsPattern("(?m)^videorelay_tasks_refreshed_seconds(\\{[^}]*})? [0-9.E]+$");
    }

    private static boolean bucketLine(String body, String status) {
        return body.lines().anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("method=\"GET\"") && line.contains("status=\"" + status + "\"")
                && line.contains("uri=\"/v1/videos/{video_id}\"") && line.contains("le=\"+Inf\""));
    }

    static Map<String, Long> taskGauges(String body) {
        Map<String, Long> gauges = new LinkedHashMap<>();
        Matcher line = Pattern.compile("(?m)^videorelay_tasks\\{[^}]*status=\"([a-z_]+)\"[^}]*} ([0-9.E]+)$").matcher(body);
        while (line.find()) {
            gauges.put(line.group(1), (long) Double.parseDouble(line.group(2)));
        }
        return gauges;
    }
}
