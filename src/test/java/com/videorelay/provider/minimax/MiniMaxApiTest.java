package com.videorelay.provider.minimax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
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

/** OpenAI's Videos API relayed to MiniMax Hailuo's v1 API (a fake that checks the key and the documented values). */
@ExtendWith(OutputCaptureExtension.class)
class MiniMaxApiTest extends ProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aTextToVideoTaskFollowsMiniMaxsLifecycle(CapturedOutput output) throws Exception {
        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"a cat surfing\",\"seconds\":\"10\",\"size\":\"1366x768\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"queued\"", "\"seconds\":\"10\"", "\"size\":\"1366x768\"");
        String id = idOf(created.body());
        FakeUpstream.Request sent = MINIMAX.requests("POST", "/video_generation").getFirst();
        assertThat(sent.path()).isEqualTo("/video_generation");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + MINIMAX_KEY);
        assertThat(sent.bodyText()).isEqualTo("{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"a cat surfing\",\"duration\":10,"
                + "\"resolution\":\"768P\"}");
        String taskId = MINIMAX.onlyTaskId();
        assertThat(column(id, "upstream_video_id")).isEqualTo(taskId);
        await().atMost(WAIT).until(() -> !MINIMAX.requests("GET", "/query/video_generation").isEmpty());
        assertThat(MINIMAX.requests("GET", "/query/video_generation").getFirst().query()).isEqualTo("task_id=" + taskId);
        assertThat(poll(id)).contains("\"status\":\"queued\",\"progress\":0");

        MINIMAX.status(taskId, "Processing");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\""));
        // MiniMax reports no progress: the gateway's estimate, below 100 until done.
        assertThat(progress(poll(id))).isBetween(0, 95);

        MINIMAX.succeed(taskId);
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\",\"progress\":100"));
        assertThat(column(id, "expires_at - completed_at")).isEqualTo("1 day");
        String fileId = Long.toString(Long.parseLong(taskId) + 134426536368548L);
        assertThat(MINIMAX.requests("GET", "/files/retrieve")).isNotEmpty().allSatisfy(request -> {
            assertThat(request.query()).isEqualTo("file_id=" + fileId);
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + MINIMAX_KEY);
        });
        HttpResponse<byte[]> part = download(id, "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + VIDEO.length);
        assertThat(part.body()).hasSize(10);
        assertThat(download(id, null).body()).isEqualTo(VIDEO);

        // download_url expires: the gateway asks files/retrieve for a fresh one and the download still works.
        int retrieves = MINIMAX.requests("GET", "/files/retrieve").size();
        MINIMAX.expireDownloadUrls();
        HttpResponse<byte[]> again = download(id, null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(VIDEO);
        assertThat(MINIMAX.requests("GET", "/files/retrieve")).hasSize(retrieves + 1);
        assertThat(MINIMAX.requests("GET", "/mmcdn/")).allSatisfy(request -> assertThat(request.header("Authorization")).isNull());

        assertThat(output.getAll()).doesNotContain(MINIMAX_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1027 | output video sensitive | moderation_blocked | The video was blocked by the video provider's content safety system.",
            "1026 | input new_sensitive | moderation_blocked | The video was blocked by the video provider's content safety system.",
            "1000 | unknown error | generation_failed | The video provider could not generate the video: unknown error",
    })
    void aFailedTaskCarriesItsReason(int code, String reason, String errorCode, String message) {
        String id = idOf(create("{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}"));
        MINIMAX.fail(MINIMAX.onlyTaskId(), code, reason);

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"error\":{\"message\":\"" + message + "\",\"code\":\"" + errorCode + "\"}");
    }

    @Test
    void aSensitivePromptIsA400AndTheRateLimitA429() {
        MINIMAX.refuseNextCreate(1026);
        HttpResponse<String> blocked = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}");
        MINIMAX.refuseNextCreate(1002);
        HttpResponse<String> limited = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}");

        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.body()).isEqualTo("{\"error\":{\"message\":\"Your request was blocked by the video provider's "
                + "content safety system.\",\"type\":\"invalid_request_error\",\"param\":\"prompt\",\"code\":\"moderation_blocked\"}}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("\"code\":\"rate_limit_exceeded\"");
    }

    @Test
    void invalidParametersAreA400AndAnEmptyBalanceIsTheOperatorsProblem() {
        MINIMAX.refuseNextCreate(2013);
        HttpResponse<String> invalid = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}");
        MINIMAX.refuseNextCreate(1008);
        HttpResponse<String> broke = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("The video provider refused the request: refused with 2013.",
                "\"code\":\"invalid_request\"");
        assertThat(broke.statusCode()).isEqualTo(502);
        assertThat(broke.body()).contains("\"code\":\"upstream_error\"").doesNotContain("1008", "balance");
    }

    /** 1000 (unknown error) may come after MiniMax made the task, and there is no way to ask: never tried twice. */
    @Test
    void anUnknownErrorAtCreateIsAmbiguous() {
        MINIMAX.refuseNextCreate(1000);

        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"failed\"", "\"code\":\"upstream_outcome_unknown\"");
        assertThat(column(idOf(created.body()), "submission_state")).isEqualTo("unconfirmed");
        assertThat(MINIMAX.requests("POST", "/video_generation")).hasSize(1);
    }

    @Test
    void valuesMiniMaxDoesNotRenderAreRefusedListingTheAcceptedOnesNotClamped() {
        HttpResponse<String> seconds = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\",\"seconds\":\"8\"}");
        HttpResponse<String> size = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\",\"size\":\"1280x720\"}");
        HttpResponse<String> tenAt1080 = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3\",\"prompt\":\"x\",\"seconds\":\"10\",\"size\":\"1920x1080\"}");

        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(seconds.body()).isEqualTo("{\"error\":{\"message\":\"Invalid value for 'seconds': '8'. Model "
                + "'MiniMax-Hailuo-2.3' supports: 6, 10.\",\"type\":\"invalid_request_error\",\"param\":\"seconds\","
                + "\"code\":\"invalid_value\"}}");
        assertThat(size.statusCode()).isEqualTo(400);
        assertThat(size.body()).contains("Model 'MiniMax-Hailuo-2.3' supports: 1366x768, 1920x1080.", "\"param\":\"size\"");
        assertThat(tenAt1080.statusCode()).isEqualTo(400);
        assertThat(tenAt1080.body()).isEqualTo("{\"error\":{\"message\":\"Invalid value for 'seconds': '10'. Model "
                + "'MiniMax-Hailuo-2.3' supports at size 1920x1080: 6 (10 needs size 1366x768).\","
                + "\"type\":\"invalid_request_error\",\"param\":\"seconds\",\"code\":\"invalid_value\"}}");
        assertThat(MINIMAX.server().requests()).isEmpty();
    }

    @Test
    void anUploadIsTheFirstFrameAsADataUri() {
        MultipartForm form = new MultipartForm().field("model", "MiniMax-Hailuo-2.3-Fast").field("prompt", "move")
                .field("seconds", "6").field("size", "1920x1080")
                .file("input_reference", "cat.png", "image/png", "PNG-BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(MINIMAX.requests("POST", "/video_generation").getFirst().bodyText()).isEqualTo(
                "{\"model\":\"MiniMax-Hailuo-2.3-Fast\",\"prompt\":\"move\",\"duration\":6,\"resolution\":\"1080P\","
                        + "\"first_frame_image\":\"data:image/png;base64,UE5HLUJZVEVT\"}");
    }

    @Test
    void anImageUrlIsTheFirstFrameAsIsAndAFileIdIsRefused() {
        HttpResponse<String> url = api.post("/v1/videos", key, "application/json", "{\"model\":\"MiniMax-Hailuo-02\","
                + "\"prompt\":\"move\",\"input_reference\":{\"image_url\":\"https://example.com/cat.png\"}}");
        HttpResponse<String> fileId = api.post("/v1/videos", key, "application/json", "{\"model\":\"MiniMax-Hailuo-02\","
                + "\"prompt\":\"move\",\"input_reference\":{\"file_id\":\"file-abc\"}}");

        assertThat(url.statusCode()).as(url.body()).isEqualTo(200);
        assertThat(MINIMAX.requests("POST", "/video_generation").getFirst().bodyText()).isEqualTo(
                "{\"model\":\"MiniMax-Hailuo-02\",\"prompt\":\"move\",\"duration\":6,\"resolution\":\"768P\","
                        + "\"first_frame_image\":\"https://example.com/cat.png\"}");
        assertThat(fileId.statusCode()).isEqualTo(400);
        assertThat(fileId.body()).contains("\"param\":\"input_reference\",\"code\":\"invalid_value\"");
        assertThat(MINIMAX.requests("POST", "/video_generation")).hasSize(1);
    }

    @Test
    void theImageOnlyModelNeedsAnImage() {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"MiniMax-Hailuo-2.3-Fast\",\"prompt\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"param\":\"input_reference\"");
        assertThat(MINIMAX.server().requests()).isEmpty();
    }

    private static int progress(String body) {
        return Integer.parseInt(body.replaceAll("(?s).*\"progress\":(\\d+).*", "$1"));
    }
}
