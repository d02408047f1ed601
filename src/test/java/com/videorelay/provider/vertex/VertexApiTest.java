package com.videorelay.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.ProvidersTest;
import com.videorelay.support.VertexFake;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** OpenAI's Videos API relayed to Veo on Vertex AI (a faithful fake with its token endpoint and GCS). */
@ExtendWith(OutputCaptureExtension.class)
class VertexApiTest extends ProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String MODELS = "POST /projects/" + VertexFake.PROJECT + "/locations/" + VertexFake.LOCATION
            + "/publishers/google/models/{id}";

    @Test
    void aVideoFollowsTheOperationAndDownloadsFromTheBucketWithTheServiceAccountsToken(CapturedOutput output) throws Exception {
        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"a paper boat\",\"seconds\":\"8\",\"size\":\"1920x1080\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = idOf(created.body());
        FakeUpstream.Request sent = VERTEX.requests("POST", "/projects/").getFirst();
        assertThat(sent.path()).isEqualTo("/projects/vr-test-project/locations/us-central1/publishers/google/models/"
                + "veo-3.1-generate-001:predictLongRunning");
        assertThat(sent.header("Authorization")).startsWith("Bearer ya29.fake-access-token-");
        assertThat(sent.bodyText()).isEqualTo("{\"instances\":[{\"prompt\":\"a paper boat\"}],\"parameters\":{"
                + "\"aspectRatio\":\"16:9\",\"durationSeconds\":8,\"resolution\":\"1080p\",\"sampleCount\":1,"
                + "\"storageUri\":\"gs://vr-test-bucket/videorelay/\",\"generateAudio\":true}}");
        String operation = VERTEX.lastOperation();
        assertThat(column(id, "upstream_video_id")).isEqualTo(operation);
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\""));
        FakeUpstream.Request fetch = VERTEX.requests("POST", "/projects/").getLast();
        assertThat(fetch.path()).endsWith("/models/veo-3.1-generate-001:fetchPredictOperation");
        assertThat(fetch.bodyText()).isEqualTo("{\"operationName\":\"" + operation + "\"}");

        VERTEX.status(operation, "done");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\",\"progress\":100"));
        assertThat(column(id, "result_url")).isEqualTo(VERTEX_BUCKET + operation.substring(operation.lastIndexOf('/') + 1)
                + "/sample_0.mp4");
        assertThat(column(id, "extract(epoch from expires_at - completed_at)::int")).isEqualTo("86400");

        HttpResponse<byte[]> part = download(id, "bytes=0-9");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 0-9/" + VIDEO.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOf(VIDEO, 10));
        FakeUpstream.Request media = VERTEX.requests("GET", "/storage/v1/b/vr-test-bucket/o/").getFirst();
        assertThat(media.query()).isEqualTo("alt=media");
        assertThat(media.header("Authorization")).startsWith("Bearer ya29.fake-access-token-");
        assertThat(download(id, null).body()).isEqualTo(VIDEO);
        assertThat(output.getAll()).doesNotContain("PRIVATE KEY", "ya29.fake-access-token");
    }

    @Test
    void withoutStorageUriTheInlineVideoIsStoredByTheGatewayAndServedWithRangeUntilDeleted() throws Exception {
        String id = idOf(create("{\"model\":\"" + VERTEX_INLINE_MODEL + "\",\"prompt\":\"a lighthouse\",\"seconds\":\"6\","
                + "\"size\":\"720x1280\"}"));
        FakeUpstream.Request sent = VERTEX.requests("POST", "/projects/").getFirst();
        assertThat(sent.path()).endsWith("/models/veo-3.1-fast-generate-001:predictLongRunning");
        assertThat(sent.bodyText()).contains("\"aspectRatio\":\"9:16\",\"durationSeconds\":6,\"resolution\":\"720p\"")
                .doesNotContain("storageUri");
        String operation = VERTEX.lastOperation();

        VERTEX.status(operation, "done");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\""));
        assertThat(jdbc.sql("select size from stored_videos where upstream_name = 'vertex-inline' and upstream_video_id = ?")
                .param(operation).query(Long.class).single()).isEqualTo(VIDEO.length);
        assertThat(jdbc.sql("select expires_at > now() + interval '23 hours' from stored_videos where upstream_video_id = ?")
                .param(operation).query(Boolean.class).single()).isTrue();

        HttpResponse<byte[]> whole = download(id, null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.body()).isEqualTo(VIDEO);
        HttpResponse<byte[]> middle = download(id, "bytes=5-14");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 5-14/" + VIDEO.length);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(VIDEO, 5, 15));
        HttpResponse<byte[]> tail = download(id, "bytes=-4");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(VIDEO, VIDEO.length - 4, VIDEO.length));
        HttpResponse<byte[]> beyond = download(id, "bytes=" + VIDEO.length + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + VIDEO.length);
        assertThat(new String(beyond.body())).contains("\"code\":\"range_not_satisfiable\"");

        assertThat(api.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> jdbc.sql("select count(*) from stored_videos where upstream_video_id = ?")
                .param(operation).query(Long.class).single() == 0);
    }

    @Test
    void aResultTheSafetyFilterRemovedIsFailedModerationBlockedNeverCompleted() {
        String id = idOf(create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"something [unsafe]\"}"));

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"code\":\"moderation_blocked\"", "58061214");
    }

    @Test
    void anOperationErrorIsFailedWithItsMappedCodeAndCode1IsCancelled() {
        String invalid = idOf(create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"a\"}"));
        VERTEX.status(VERTEX.lastOperation(), "error:3:The input image could not be read.");
        String cancelled = idOf(create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"b\"}"));
        VERTEX.status(VERTEX.lastOperation(), "error:1:CANCELLED");
        String internal = idOf(create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"c\"}"));
        VERTEX.status(VERTEX.lastOperation(), "error:13:Internal error.");

        await().atMost(WAIT).until(() -> poll(invalid).contains("\"status\":\"failed\"")
                && poll(cancelled).contains("\"status\":\"cancelled\"") && poll(internal).contains("\"status\":\"failed\""));

        assertThat(poll(invalid)).contains("\"code\":\"invalid_request\"", "The input image could not be read.");
        assertThat(poll(internal)).contains("\"code\":\"generation_failed\"", "Internal error.");
    }

    @Test
    void secondsAndSizesVeoDoesNotMakeAre400sNamingTheParameter() {
        HttpResponse<String> seconds = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"x\",\"seconds\":\"5\"}");
        HttpResponse<String> size = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"veo-3.1-lite-generate-001\",\"prompt\":\"x\",\"size\":\"1792x1024\"}");

        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(seconds.body()).contains("supports: 4, 6, 8.", "\"type\":\"invalid_request_error\"", "\"param\":\"seconds\"",
                "\"code\":\"invalid_value\"");
        assertThat(size.statusCode()).isEqualTo(400);
        assertThat(size.body()).contains("1280x720, 720x1280, 1920x1080, 1080x1920", "\"param\":\"size\"");
        assertThat(VERTEX.requests("POST", "/projects/")).isEmpty();
    }

    @Test
    void submitAnswersAreClassifiedByWhatTheyProve() {
        HttpResponse<String> blocked = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"something [blocked]\"}");
        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.body()).contains("\"param\":\"prompt\",\"code\":\"moderation_blocked\"");

        answerSubmits(429, "RESOURCE_EXHAUSTED", Map.of("Retry-After", "7"));
        HttpResponse<String> limited = api.post("/v1/videos", key, "application/json", "{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"x\"}");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");

        answerSubmits(403, "PERMISSION_DENIED", Map.of());
        HttpResponse<String> denied = api.post("/v1/videos", key, "application/json", "{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"x\"}");
        assertThat(denied.statusCode()).isEqualTo(502);
        assertThat(denied.body()).contains("\"code\":\"upstream_error\"").doesNotContain("PERMISSION_DENIED");

        answerSubmits(500, "INTERNAL", Map.of());
        HttpResponse<String> ambiguous = api.post("/v1/videos", key, "application/json", "{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"x\"}");
        assertThat(ambiguous.statusCode()).isEqualTo(200);
        assertThat(ambiguous.body()).contains("\"status\":\"failed\"", "\"code\":\"upstream_outcome_unknown\"");
    }

    @Test
    void aRefusedPollIsRetriedNotAFailedVideo() {
        String id = idOf(create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"x\"}"));
        String operation = VERTEX.lastOperation();
        answerSubmits(403, "PERMISSION_DENIED", Map.of());

        await().atMost(WAIT).until(() -> String.valueOf(column(id, "last_sync_error")).contains("MISCONFIGURED"));
        assertThat(poll(id)).contains("\"status\":\"queued\"");

        VERTEX.answerNormally();
        VERTEX.status(operation, "done");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\""));
    }

    @Test
    void everyCallCarriesATokenFromTheJwtBearerExchangeWhichIsCached() {
        create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"x\"}");
        create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"y\"}");
        int issued = VERTEX.tokenRequests();

        create("{\"model\":\"veo-3.1-generate-001\",\"prompt\":\"z\"}");

        assertThat(issued).isPositive();
        assertThat(VERTEX.tokenRequests()).isEqualTo(issued);
        assertThat(VERTEX.requests("POST", "/projects/")).allSatisfy(request ->
                assertThat(request.header("Authorization")).startsWith("Bearer ya29.fake-access-token-"));
    }

    private void answerSubmits(int status, String word, Map<String, String> headers) {
        VERTEX.server().on(MODELS, (request, exchange) -> FakeUpstream.json(exchange, status,
                "{\"error\":{\"code\":" + status + ",\"message\":\"" + word + "\",\"status\":\"" + word + "\"}}", headers));
    }
}
