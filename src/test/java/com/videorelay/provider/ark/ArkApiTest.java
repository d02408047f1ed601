package com.videorelay.provider.ark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.ArkFake;
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

/** OpenAI's Videos API relayed to Seedance on Volcengine Ark (a fake that checks the key and the documented values). */
@ExtendWith(OutputCaptureExtension.class)
class ArkApiTest extends ProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TASKS = "/api/v3/contents/generations/tasks";

    @Test
    void aTextToVideoTaskFollowsSeedancesLifecycle(CapturedOutput output) throws Exception {
        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"a cat surfing\",\"seconds\":\"8\",\"size\":\"1280x720\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"queued\"", "\"seconds\":\"8\"", "\"size\":\"1280x720\"");
        String id = idOf(created.body());
        FakeUpstream.Request sent = ARK.requests("POST", TASKS).getFirst();
        assertThat(sent.path()).isEqualTo(TASKS);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + ARK_KEY);
        // The size is Seedance's ratio and resolution fields, never text appended to the prompt.
        assertThat(sent.bodyText()).isEqualTo("{\"model\":\"doubao-seedance-2-0-260128\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"a cat surfing\"}],\"ratio\":\"16:9\",\"resolution\":\"720p\",\"duration\":8}");
        String taskId = ARK.onlyTaskId();
        assertThat(column(id, "upstream_video_id")).isEqualTo(taskId);
        await().atMost(WAIT).until(() -> !ARK.requests("GET", TASKS + "/" + taskId).isEmpty());
        assertThat(poll(id)).contains("\"status\":\"queued\",\"progress\":0");

        ARK.task(taskId, "\"status\":\"running\"");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\""));
        assertThat(progress(poll(id))).isBetween(0, 95);

        ARK.task(taskId, ARK.succeeded(taskId));
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\",\"progress\":100"));
        assertThat(column(id, "expires_at - completed_at")).isEqualTo("1 day");
        HttpResponse<byte[]> part = download(id, "bytes=10-19");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + VIDEO.length);
        assertThat(part.body()).hasSize(10);
        assertThat(download(id, null).body()).isEqualTo(VIDEO);
        assertThat(ARK.requests("GET", "/tos/")).allSatisfy(request -> assertThat(request.header("Authorization")).isNull());

        assertThat(api.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> column(id, "upstream_deleted_at") != null);
        assertThat(ARK.requests("DELETE", TASKS + "/" + taskId)).hasSize(1);
        assertThat(output.getAll()).doesNotContain(ARK_KEY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "OutputVideoSensitiveContentDetected | The output video may contain sensitive information | moderation_blocked "
                    + "| The video was blocked by the video provider's content safety system (OutputVideoSensitiveContentDetected).",
            "InternalServiceError | The service encountered an unexpected internal error | generation_failed "
                    + "| The video provider could not generate the video: The service encountered an unexpected internal error",
    })
    void aFailedTaskCarriesItsReason(String code, String reason, String errorCode, String message) {
        String id = idOf(create("{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}"));
        ARK.task(ARK.onlyTaskId(), ArkFake.failed(code, reason));

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"error\":{\"message\":\"" + message + "\",\"code\":\"" + errorCode + "\"}");
    }

    @Test
    void anExpiredTaskFailsWithCodeExpired() {
        String id = idOf(create("{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}"));
        ARK.task(ARK.onlyTaskId(), "\"status\":\"expired\"");

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"error\":{\"message\":\"The video provider did not finish the video before the task "
                + "expired.\",\"code\":\"expired\"}");
    }

    @Test
    void aCancelledTaskIsCancelled() {
        String id = idOf(create("{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}"));
        ARK.task(ARK.onlyTaskId(), "\"status\":\"cancelled\"");

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"cancelled\""));
    }

    @Test
    void deletingAQueuedVideoCancelsItAtArk() {
        String id = idOf(create("{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}"));
        String taskId = ARK.onlyTaskId();

        assertThat(api.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> column(id, "upstream_deleted_at") != null);
        assertThat(ARK.requests("DELETE", TASKS + "/" + taskId)).hasSize(1)
                .allSatisfy(request -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + ARK_KEY));
    }

    /** Ark does not document cancelling a running task; its refusal is logged once, not retried for ever. */
    @Test
    void deletingARunningVideoThatArkWillNotCancelIsLeftToArk(CapturedOutput output) {
        String id = idOf(create("{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}"));
        String taskId = ARK.onlyTaskId();
        ARK.task(taskId, "\"status\":\"running\"");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\""));

        assertThat(api.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> column(id, "upstream_deleted_at") != null);
        assertThat(ARK.requests("DELETE", TASKS + "/" + taskId)).hasSize(1);
        assertThat(output.getAll()).contains("would not cancel or delete task " + taskId + " (HTTP 400, InvalidAction.TaskRunning)");
    }

    @Test
    void aWrongKeyOrAnUnopenedModelIsTheOperatorsProblem() {
        ARK.refuseNextCreate(401, "AuthenticationError");
        HttpResponse<String> unauthorized = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}");
        ARK.refuseNextCreate(404, "ModelNotOpen");
        HttpResponse<String> notOpen = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}");

        assertThat(unauthorized.statusCode()).isEqualTo(502);
        assertThat(unauthorized.body()).contains("\"code\":\"upstream_error\"").doesNotContain("AuthenticationError");
        assertThat(notOpen.statusCode()).isEqualTo(502);
        assertThat(notOpen.body()).contains("\"code\":\"upstream_error\"").doesNotContain("ModelNotOpen");
    }

    @Test
    void aSensitivePromptIsA400AndTheRateLimitA429() {
        ARK.refuseNextCreate(400, "InputTextSensitiveContentDetected");
        HttpResponse<String> blocked = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}");
        ARK.refuseNextCreate(429, "RateLimitExceeded.EndpointRPMExceeded");
        HttpResponse<String> limited = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}");

        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.body()).isEqualTo("{\"error\":{\"message\":\"Your request was blocked by the video provider's "
                + "content safety system.\",\"type\":\"invalid_request_error\",\"param\":\"prompt\",\"code\":\"moderation_blocked\"}}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("\"code\":\"rate_limit_exceeded\"");
    }

    /** A 500 may come after Ark made the task, and Ark takes no client id to ask by: never tried twice. */
    @Test
    void anInternalErrorAtCreateIsAmbiguous() {
        ARK.refuseNextCreate(500, "InternalServiceError");

        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"status\":\"failed\"", "\"code\":\"upstream_outcome_unknown\"");
        assertThat(column(idOf(created.body()), "submission_state")).isEqualTo("unconfirmed");
        assertThat(ARK.requests("POST", TASKS)).hasSize(1);
    }

    @Test
    void anInvalidParameterIsA400WithArksMessage() {
        ARK.refuseNextCreate(400, "InvalidParameter");

        HttpResponse<String> invalid = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\"}");

        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo("{\"error\":{\"message\":\"The video provider refused the request: refused with "
                + "InvalidParameter.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_request\"}}");
    }

    @Test
    void valuesSeedanceDoesNotTakeAreRefusedListingTheAcceptedOnesNotClamped() {
        HttpResponse<String> seconds = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\",\"seconds\":\"16\"}");
        HttpResponse<String> size = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-fast-260128\",\"prompt\":\"x\",\"size\":\"1920x1080\"}");

        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(seconds.body()).isEqualTo("{\"error\":{\"message\":\"Invalid value for 'seconds': '16'. Model "
                + "'doubao-seedance-2-0-260128' supports: 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15.\","
                + "\"type\":\"invalid_request_error\",\"param\":\"seconds\",\"code\":\"invalid_value\"}}");
        assertThat(size.statusCode()).isEqualTo(400);
        assertThat(size.body()).contains("Model 'doubao-seedance-2-0-fast-260128' supports: 1280x720, 720x1280, 960x720, "
                + "720x960, 720x720, 1680x720, 854x480, 480x854, 640x480, 480x640, 480x480, 1120x480.", "\"param\":\"size\"");
        assertThat(ARK.server().requests()).isEmpty();
    }

    @Test
    void anUploadIsTheFirstFrameAsADataUriAndThePortraitSizeItsRatio() {
        MultipartForm form = new MultipartForm().field("model", "doubao-seedance-2-0-fast-260128").field("prompt", "move")
                .field("seconds", "4").field("size", "480x854")
                .file("input_reference", "cat.png", "image/png", "PNG-BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ARK.requests("POST", TASKS).getFirst().bodyText()).isEqualTo("{\"model\":\"doubao-seedance-2-0-fast-260128\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"move\"},{\"type\":\"image_url\",\"image_url\":{\"url\":"
                + "\"data:image/png;base64,UE5HLUJZVEVT\"},\"role\":\"first_frame\"}],\"ratio\":\"9:16\",\"resolution\":\"480p\","
                + "\"duration\":4}");
    }

    @Test
    void aFullHdSizeIsSeedances1080pOnTheStandardModel() {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"doubao-seedance-2-0-260128\",\"prompt\":\"x\",\"size\":\"1080x1440\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(ARK.requests("POST", TASKS).getFirst().bodyText()).isEqualTo("{\"model\":\"doubao-seedance-2-0-260128\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"ratio\":\"3:4\",\"resolution\":\"1080p\",\"duration\":5}");
    }

    private static int progress(String body) {
        return Integer.parseInt(body.replaceAll("(?s).*\"progress\":(\\d+).*", "$1"));
    }
}
