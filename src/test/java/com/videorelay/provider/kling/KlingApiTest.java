package com.videorelay.provider.kling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.KlingFake;
import com.videorelay.support.MultipartForm;
import com.videorelay.support.ProvidersTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** OpenAI's Videos API relayed to Kling's official API (a fake that checks the JWT and the documented values). */
@ExtendWith(OutputCaptureExtension.class)
class KlingApiTest extends ProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aTextToVideoTaskFollowsKlingsLifecycle(CapturedOutput output) throws Exception {
        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"kling-v2-6\",\"prompt\":\"a cat surfing\",\"seconds\":\"10\",\"size\":\"1920x1080\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = idOf(created.body());
        FakeUpstream.Request sent = KLING.requests("POST", "/videos/text2video").getFirst();
        assertThat(sent.bodyText()).isEqualTo("{\"model_name\":\"kling-v2-6\",\"prompt\":\"a cat surfing\",\"duration\":\"10\","
                + "\"mode\":\"pro\",\"aspect_ratio\":\"16:9\",\"external_task_id\":\"" + id + "\"}");
        KlingFake.Task task = KLING.byExternalId(id);
        assertThat(column(id, "upstream_video_id")).isEqualTo("text2video/" + task.taskId());

        KLING.task(task.taskId(), "\"task_status\":\"processing\",\"task_status_msg\":\"\"");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\""));
        // Kling reports no progress: an estimate that only rises, below 100 until done.
        int first = progress(poll(id));
        await().atMost(WAIT).until(() -> progress(poll(id)) > first);
        assertThat(progress(poll(id))).isBetween(1, 95);

        KLING.task(task.taskId(), KLING.succeeded(task.taskId()));
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\",\"progress\":100"));
        assertThat(column(id, "expires_at - completed_at")).isEqualTo("30 days");
        HttpResponse<byte[]> part = download(id, "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(10);
        assertThat(download(id, null).body()).isEqualTo(VIDEO);

        assertThat(KLING.requests("GET", "/videos/text2video/" + task.taskId())).isNotEmpty()
                .allSatisfy(request -> assertThat(request.header("Authorization")).startsWith("Bearer ey"));
        assertThat(output.getAll()).doesNotContain(KLING_SECRET_KEY).doesNotContain(
                KLING.requests("GET", "/videos/").getFirst().header("Authorization").substring(7));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Failure to pass the risk control system | moderation_blocked | The video was blocked by the video provider's content safety system.",
            "Image pixel is invalid | generation_failed | The video provider could not generate the video: Image pixel is invalid",
    })
    void aFailedTaskCarriesItsReason(String reason, String code, String message) {
        String id = idOf(create("{\"model\":\"kling-v2-6\",\"prompt\":\"x\"}"));
        KLING.task(KLING.byExternalId(id).taskId(), "\"task_status\":\"failed\",\"task_status_msg\":\"" + reason + "\"");

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"error\":{\"message\":\"" + message + "\",\"code\":\"" + code + "\"}");
    }

    @Test
    void aContentSafetyRefusalAtSubmitIsA400AndConcurrencyLimitsA429() {
        KLING.refuseNextCreate(1301);
        HttpResponse<String> blocked = api.post("/v1/videos", key, "application/json", "{\"model\":\"kling-v2-6\",\"prompt\":\"x\"}");
        KLING.refuseNextCreate(1303);
        HttpResponse<String> busy = api.post("/v1/videos", key, "application/json", "{\"model\":\"kling-v2-6\",\"prompt\":\"x\"}");

        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.body()).isEqualTo("{\"error\":{\"message\":\"Your request was blocked by the video provider's "
                + "content safety system.\",\"type\":\"invalid_request_error\",\"param\":\"prompt\",\"code\":\"moderation_blocked\"}}");
        assertThat(busy.statusCode()).isEqualTo(429);
        assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        assertThat(busy.body()).contains("\"code\":\"rate_limit_exceeded\"");
    }

    /** The create reached Kling but its answer did not come back in time: found again by external_task_id. */
    @Test
    void anAmbiguousCreateIsReconciledByItsExternalTaskId() {
        KLING.acceptNextCreateTooSlowly();

        HttpResponse<String> created = api.post("/v1/videos", key, "application/json", "{\"model\":\"kling-v2-6\",\"prompt\":\"x\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"queued\"", "\"error\":null");
        String id = idOf(created.body());
        await().atMost(WAIT).until(() -> column(id, "upstream_video_id") != null);
        assertThat(column(id, "upstream_video_id")).isEqualTo("text2video/" + KLING.byExternalId(id).taskId());
        assertThat(column(id, "submission_state")).isEqualTo("accepted");
        assertThat(jdbc.sql("select outcome || ' ' || upstream_video_id from video_task_attempts where task_id = ?").param(id)
                .query(String.class).single()).isEqualTo("accepted text2video/" + KLING.byExternalId(id).taskId());
        assertThat(KLING.requests("POST", "/videos/text2video")).hasSize(1);
        KLING.task(KLING.byExternalId(id).taskId(), KLING.succeeded(KLING.byExternalId(id).taskId()));
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\""));
    }

    @Test
    void secondsKlingDoesNotGenerateAreRefused() {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"kling-v2-6\",\"prompt\":\"x\",\"seconds\":\"8\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Model 'kling-v2-6' supports: 5, 10.", "\"param\":\"seconds\"");
        assertThat(KLING.server().requests()).isEmpty();
    }

    @Test
    void anUploadGoesToImageToVideoAsRawBase64() {
        MultipartForm form = new MultipartForm().field("model", "kling-v2-6").field("prompt", "move")
                .field("size", "720x720").file("input_reference", "cat.png", "image/png", "PNG-BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(KLING.requests("POST", "/videos/image2video").getFirst().bodyText()).isEqualTo("{\"model_name\":\"kling-v2-6\","
                + "\"prompt\":\"move\",\"image\":\"UE5HLUJZVEVT\",\"duration\":\"5\",\"mode\":\"std\",\"aspect_ratio\":\"1:1\","
                + "\"external_task_id\":\"" + idOf(response.body()) + "\"}");
        assertThat(column(idOf(response.body()), "upstream_video_id")).startsWith("image2video/");
    }

    private static int progress(String body) {
        return Integer.parseInt(body.replaceAll("(?s).*\"progress\":(\\d+).*", "$1"));
    }
}
