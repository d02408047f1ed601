package com.videorelay.upstream;

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
    void serverErrorOnTheFirstUpstreamFailsOverToTheNext() {
        PRIMARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 500,
                "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
        SECONDARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 200, ACCEPTED_BY_SECONDARY));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"prompt\":\"a fox\",\"seconds\":\"8\",\"size\":\"1280x720\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        String id = response.body().replaceAll(".*\"id\":\"(video_[0-9a-f]{32})\".*", "$1");
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
    }

    @Test
    void theTaskRowExistsBeforeTheUpstreamIsCalledButClientsSeeItOnlyOnceAccepted() {
        java.util.concurrent.atomic.AtomicReference<String> rowDuringCall = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> listDuringCall = new java.util.concurrent.atomic.AtomicReference<>();
        PRIMARY.on("POST /videos", (request, exchange) -> {
            rowDuringCall.set(jdbc.sql("""
                    select id || ' ' || status || ' ' || upstream_name || ' ' || coalesce(upstream_video_id, 'none')
                      from video_tasks where project_id = ?""").param(project).query(String.class).single());
            listDuringCall.set(api.get("/v1/videos", key).body());
            FakeUpstream.json(exchange, 200, FakeUpstream.video("up_after_row", "queued", 0));
        });

        String body = createJson("{\"prompt\":\"row first\"}");

        String id = body.replaceAll(".*\"id\":\"(video_[0-9a-f]{32})\".*", "$1");
        assertThat(rowDuringCall.get()).isEqualTo(id + " queued fault-primary none");
        assertThat(listDuringCall.get()).contains("\"data\":[]");
        assertThat(api.get("/v1/videos", key).body()).contains(id);
    }

    @ParameterizedTest(name = "primary {0}, secondary {1} -> {2} {3}")
    @CsvSource({
            "429, 429, 429, rate_limit_exceeded",
            "500, 502, 502, upstream_error",
            "timeout, drop, 503, upstream_unavailable",
            "429, timeout, 503, upstream_unavailable",
            "401, 500, 502, upstream_error",
    })
    void whenNoUpstreamAcceptsTheClientGetsAnErrorAndNoTaskRemains(String primary, String secondary, int status,
                                                                   String code) {
        PRIMARY.on("POST /videos", fault(primary));
        SECONDARY.on("POST /videos", fault(secondary));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", "{\"prompt\":\"a fox\"}");

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").doesNotContain("fault-", "127.0.0.1");
        assertThat(PRIMARY.requests("POST", "/videos")).hasSize(1);
        assertThat(SECONDARY.requests("POST", "/videos")).hasSize(1);
        assertThat(tasksOfProject()).isZero();
        assertThat(api.get("/v1/videos", key).body()).contains("\"data\":[]");
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
        assertThat(tasksOfProject()).isZero();
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
            jdbc.sql("update video_tasks set status = 'failed', error_code = 'submission_interrupted' "
                    + "where project_id = ?").param(project).update();
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

    private static FakeUpstream.Handler fault(String kind) {
        return (request, exchange) -> {
            switch (kind) {
                case "timeout" -> Thread.sleep(2500);
                case "drop" -> throw new java.io.IOException("closing the connection without an answer");
                default -> FakeUpstream.json(exchange, Integer.parseInt(kind),
                        "{\"error\":{\"message\":\"upstream says " + kind + "\",\"type\":\"x\",\"param\":null,\"code\":null}}");
            }
        };
    }
}
