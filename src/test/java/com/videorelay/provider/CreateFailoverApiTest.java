package com.videorelay.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.MultipartForm;
import com.videorelay.support.RelayTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * POST /v1/videos against scripted upstreams: which upstream is tried when, what the client is told
 * when none accepts, and that nothing of a refused create remains.
 */
class CreateFailoverApiTest extends RelayTest {

    private static final String ACCEPTED_BY_SECONDARY = FakeUpstream.video("up_secondary_1", "queued", 0);

    @Test
    void anOverloadedFirstUpstreamFailsOverToTheNext() {
        PRIMARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 503,
                "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
        SECONDARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 200, ACCEPTED_BY_SECONDARY));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"prompt\":\"a fox\",\"seconds\":\"8\",\"size\":\"1280x720\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        String id = idOf(response.body());
        assertThat(id).matches("video_[0-9a-f]{32}");
        assertThat(response.body()).doesNotContain("up_secondary_1", PRIMARY_SECRET, SECONDARY_SECRET)
                .contains("\"status\":\"queued\"", "\"prompt\":\"a fox\"");
        assertThat(jdbc.sql("select upstream_name || ' ' || upstream_video_id from video_tasks where id = ?")
                .param(id).query(String.class).single()).isEqualTo("fault-secondary up_secondary_1");
        // Each upstream got its own kind of credential, and Azure the deployment name as model.
        FakeUpstream.Request primary = PRIMARY.requests("POST", "/videos").getFirst();
        FakeUpstream.Request secondary = SECONDARY.requests("POST", "/videos").getFirst();
        assertThat(primary.header("Authorization")).isEqualTo("Bearer " + PRIMARY_SECRET);
        assertThat(secondary.header("api-key")).isEqualTo(SECONDARY_SECRET);
        assertThat(secondary.header("Authorization")).isNull();
        assertThat(secondary.bodyText()).contains("\"model\":\"my-sora-deployment\"", "\"seconds\":\"8\"",
                "\"size\":\"1280x720\"", "\"prompt\":\"a fox\"");
        assertThat(api.get("/v1/videos/" + id, key).statusCode()).isEqualTo(200);
        assertThat(attempts(id)).containsExactly("fault-primary not_created 503 -", "fault-secondary accepted - up_secondary_1");
    }

    @Test
    void aRefusedConnectionFailsOverBecauseNothingWasSent() {
        SECONDARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 200, ACCEPTED_BY_SECONDARY));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"prompt\":\"a fox\",\"model\":\"sora-2-pro\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = idOf(response.body());
        assertThat(attempts(id)).containsExactly("fault-refusing not_created - -", "fault-secondary accepted - up_secondary_1");
    }

    /**
     * The first upstream may have accepted (and will charge for) the video: no other upstream is
     * asked. The client gets the task, failed with a clear code, and the attempt is on record.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"timeout after sending", "connection dropped after sending", "200 with a body that is not JSON",
            "200 without an id", "200 with a 10 kB id", "500"})
    void anAmbiguousOutcomeNeverFailsOverAndEndsInUpstreamOutcomeUnknown(String outcome) {
        PRIMARY.on("POST /videos", (request, exchange) -> {
            switch (outcome) {
                case "timeout after sending" -> Thread.sleep(2500);
                case "connection dropped after sending" -> throw new java.io.IOException("dropping the connection");
                case "200 with a body that is not JSON" -> FakeUpstream.json(exchange, 200, "<html>ok</html>");
                case "200 without an id" -> FakeUpstream.json(exchange, 200, "{\"status\":\"queued\"}");
                case "200 with a 10 kB id" -> FakeUpstream.json(exchange, 200, FakeUpstream.video("x".repeat(10_000), "queued", 0));
                default -> FakeUpstream.json(exchange, 500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
            }
        });
        SECONDARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 200, ACCEPTED_BY_SECONDARY));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", "{\"prompt\":\"a fox\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(SECONDARY.requests()).isEmpty();
        String id = idOf(response.body());
        assertThat(response.body()).contains("\"status\":\"failed\"", "\"code\":\"upstream_outcome_unknown\"")
                .doesNotContain("fault-", "127.0.0.1");
        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"code\":\"upstream_outcome_unknown\"");
        assertThat(attempts(id)).singleElement().asString().startsWith("fault-primary unknown ");
        assertThat(jdbc.sql("select upstream_name || ' ' || submission_state from video_tasks where id = ?").param(id)
                .query(String.class).single()).isEqualTo("fault-primary unconfirmed");
        assertThat(jdbc.sql("select count(*) from uncertain_submissions where task_id = ?").param(id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theTaskRowExistsBeforeTheUpstreamIsCalledButClientsSeeItOnlyOnceAccepted() {
        java.util.concurrent.atomic.AtomicReference<String> rowDuringCall = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> listDuringCall = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> attemptDuringCall = new java.util.concurrent.atomic.AtomicReference<>();
        PRIMARY.on("POST /videos", (request, exchange) -> {
            rowDuringCall.set(jdbc.sql("""
                    select id || ' ' || status || ' ' || upstream_name || ' ' || coalesce(upstream_video_id, 'none')
                      from video_tasks where project_id = ?""").param(project).query(String.class).single());
            listDuringCall.set(api.get("/v1/videos", key).body());
            attemptDuringCall.set(jdbc.sql("""
                    select a.upstream_name || ' ' || purpose || ' ' || coalesce(outcome, 'no outcome yet')
                      from video_task_attempts a join video_tasks t on t.id = a.task_id where t.project_id = ?""")
                    .param(project).query(String.class).single());
            FakeUpstream.json(exchange, 200, FakeUpstream.video("up_after_row", "queued", 0));
        });

        String body = createJson("{\"prompt\":\"row first\"}");

        String id = idOf(body);
        assertThat(rowDuringCall.get()).isEqualTo(id + " queued fault-primary none");
        assertThat(attemptDuringCall.get()).isEqualTo("fault-primary create no outcome yet");
        assertThat(listDuringCall.get()).contains("\"data\":[]");
        assertThat(api.get("/v1/videos", key).body()).contains(id);
    }

    @ParameterizedTest(name = "{0}, {1}, {2} -> {3} {4}")
    @CsvSource({
            "sora-2, 429, 429, 429, rate_limit_exceeded",
            "sora-2, 503, 503, 502, upstream_error",
            "sora-2, 401, 503, 502, upstream_error",
            "sora-2-pro, refused, 429, 503, upstream_unavailable",
            "sora-2-pro, refused, 503, 502, upstream_error",
    })
    void whenNoUpstreamCreatesTheVideoTheClientGetsAnErrorAndTheTaskStaysOnRecordInvisibly(
            String model, String first, String second, int status, String code) {
        FakeUpstream firstFake = model.equals("sora-2") ? PRIMARY : null;
        if (firstFake != null) {
            PRIMARY.on("POST /videos", fault(first));
        }
        SECONDARY.on("POST /videos", fault(second));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"prompt\":\"a fox\",\"model\":\"" + model + "\"}");

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").doesNotContain("fault-", "127.0.0.1");
        if (firstFake != null) {
            assertThat(PRIMARY.requests("POST", "/videos")).hasSize(1);
        }
        assertThat(SECONDARY.requests("POST", "/videos")).hasSize(1);
        assertThat(api.get("/v1/videos", key).body()).contains("\"data\":[]");
        String id = jdbc.sql("select id from video_tasks where project_id = ?").param(project).query(String.class).single();
        assertThat(jdbc.sql("select status || ' ' || submission_state from video_tasks where id = ?").param(id)
                .query(String.class).single()).isEqualTo("failed refused");
        assertThat(attempts(id)).hasSize(2).allSatisfy(attempt -> assertThat(attempt).contains(" not_created "));
        if (status == 429) {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        }
    }

    @Test
    void upstreamValidationErrorIsPassedOnWithItsMessageAndNotRetriedElsewhere() {
        PRIMARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 400, """
                {"error":{"message":"Your request was blocked by our moderation system.",\
                "type":"invalid_request_error","param":"prompt","code":"moderation_blocked"}}"""));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", "{\"prompt\":\"bad\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"Your request was blocked by our moderation system.",\
                "type":"invalid_request_error","param":"prompt","code":"moderation_blocked"}}""");
        assertThat(SECONDARY.requests()).isEmpty();
        assertThat(jdbc.sql("select status || ' ' || submission_state || ' ' || error_code from video_tasks where project_id = ?")
                .param(project).query(String.class).single()).isEqualTo("failed refused upstream_rejected");
        assertThat(api.get("/v1/videos", key).body()).contains("\"data\":[]");
    }

    @ParameterizedTest(name = "{0} -> param {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                  | prompt",
            "{\"prompt\":\"\"}                                   | prompt",
            "{\"prompt\":\"x\",\"seconds\":\"5\"}                | seconds",
            "{\"prompt\":\"x\",\"size\":\"100x100\"}             | size",
            "{\"prompt\":\"x\",\"model\":\"dall-e-3\"}           | model",
            "{\"prompt\":\"x\",\"input_reference\":{\"image_url\":\"https://a/b.png\",\"file_id\":\"file-1\"}} | input_reference",
    })
    void invalidCreateIs400NamingTheParameterWithoutCallingAnyUpstream(String body, String param) {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"type\":\"invalid_request_error\",\"param\":\"" + param + "\"");
        assertThat(PRIMARY.requests()).isEmpty();
        assertThat(tasksOfProject()).isZero();
    }

    @Test
    void promptLongerThan32000CharactersIsRefused() {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"prompt\":\"" + "a".repeat(32001) + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"param\":\"prompt\",\"code\":\"string_above_max_length\"");
    }

    @Test
    void multipartCreateForwardsTheUploadedReferenceFile() {
        PRIMARY.on("POST /videos", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_multipart", "queued", 0)));
        MultipartForm form = new MultipartForm().field("prompt", "the cat")
                .file("input_reference", "cat.png", "image/png", "PNG-BYTES-123");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        FakeUpstream.Request forwarded = PRIMARY.requests("POST", "/videos").getFirst();
        assertThat(forwarded.header("Content-Type")).startsWith("multipart/form-data");
        assertThat(forwarded.bodyText()).contains("name=\"input_reference\"; filename=\"cat.png\"", "PNG-BYTES-123",
                "name=\"prompt\"", "the cat", "name=\"model\"");
    }

    @Test
    void anUnparsableMultipartBodyIs400NotA500() {
        // A part that never ends: the stream stops before the closing boundary.
        HttpResponse<String> response = api.post("/v1/videos", key, "multipart/form-data; boundary=xyz",
                "--xyz\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\na cat and then noth");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"type\":\"invalid_request_error\"", "\"code\":\"invalid_body\"");
        assertThat(tasksOfProject()).isZero();
    }

    @Test
    void anUploadWithAnOddContentTypeIsForwardedAsPlainBytes() {
        PRIMARY.on("POST /videos", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_odd_type", "queued", 0)));
        MultipartForm form = new MultipartForm().field("prompt", "x")
                .file("input_reference", "a.png", "image/png; charset=b@d", "BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(PRIMARY.requests("POST", "/videos").getFirst().bodyText())
                .contains("Content-Type: application/octet-stream", "BYTES");
    }

    @Test
    void anAcceptanceArrivingAfterTheSubmissionWasDeclaredDeadDoesNotReviveTheTask() {
        PRIMARY.on("POST /videos", (request, exchange) -> {
            // Meanwhile the sync found the submission past its deadline and marked it interrupted.
            jdbc.sql("update video_tasks set status = 'failed', error_code = 'submission_interrupted', "
                    + "submission_state = 'interrupted' where project_id = ?").param(project).update();
            FakeUpstream.json(exchange, 200, FakeUpstream.video("up_too_late", "queued", 0));
        });

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", "{\"prompt\":\"late\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"code\":\"upstream_unavailable\"");
        assertThat(jdbc.sql("select status || ' ' || coalesce(upstream_video_id, 'none') from video_tasks "
                + "where project_id = ?").param(project).query(String.class).single())
                .isEqualTo("failed none");
    }

    @Test
    void jsonImageUrlReferenceIsForwardedAsAnObject() {
        PRIMARY.on("POST /videos", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_image_url", "queued", 0)));

        api.post("/v1/videos", key, "application/json",
                "{\"prompt\":\"x\",\"input_reference\":{\"image_url\":\"https://example.test/cat.png\"}}");

        assertThat(PRIMARY.requests("POST", "/videos").getFirst().bodyText())
                .contains("\"input_reference\":{\"image_url\":\"https://example.test/cat.png\"}");
    }

    private long tasksOfProject() {
        return jdbc.sql("select count(*) from video_tasks where project_id = ?").param(project).query(Long.class).single();
    }

    private static FakeUpstream.Handler fault(String status) {
        return (request, exchange) -> FakeUpstream.json(exchange, Integer.parseInt(status),
                "{\"error\":{\"message\":\"upstream says " + status + "\",\"type\":\"x\",\"param\":null,\"code\":null}}",
                status.equals("429") ? java.util.Map.of("Retry-After", "7") : java.util.Map.of());
    }

    private static String idOf(String body) {
        return body.replaceAll("(?s).*\"id\":\"(video_[0-9a-f]{32})\".*", "$1");
    }

    /** upstream, outcome, HTTP status and upstream id of each attempt, in order. */
    private java.util.List<String> attempts(String id) {
        return jdbc.sql("""
                select upstream_name || ' ' || coalesce(outcome, 'none') || ' ' || coalesce(http_status::text, '-')
                       || ' ' || coalesce(upstream_video_id, '-')
                  from video_task_attempts where task_id = ? order by id""").param(id).query(String.class).list();
    }
}
