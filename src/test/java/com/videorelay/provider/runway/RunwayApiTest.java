package com.videorelay.provider.runway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.MultipartForm;
import com.videorelay.support.ProvidersTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** OpenAI's Videos API relayed to Runway's native API (a fake faithful to its SDK and docs). */
@ExtendWith(OutputCaptureExtension.class)
class RunwayApiTest extends ProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aTextToVideoTaskFollowsRunwaysLifecycleAndDownloadsWithRange(CapturedOutput output) throws Exception {
        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"gen4.5\",\"prompt\":\"a fox in the snow\",\"seconds\":\"5\",\"size\":\"1280x720\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = idOf(created.body());
        assertThat(created.body()).contains("\"model\":\"gen4.5\"", "\"status\":\"queued\"", "\"seconds\":\"5\"",
                "\"size\":\"1280x720\"");
        FakeUpstream.Request sent = RUNWAY.requests("POST", "/text_to_video").getFirst();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + RUNWAY_SECRET);
        assertThat(sent.header("X-Runway-Version")).isEqualTo("2024-11-06");
        assertThat(sent.bodyText()).isEqualTo("{\"model\":\"gen4.5\",\"promptText\":\"a fox in the snow\",\"ratio\":\"1280:720\",\"duration\":5}");
        String runwayId = column(id, "upstream_video_id");
        assertThat(created.body()).doesNotContain(runwayId);

        RUNWAY.task(runwayId, "\"status\":\"THROTTLED\"");
        await().atMost(WAIT).until(() -> column(id, "last_synced_at") != null);
        assertThat(poll(id)).contains("\"status\":\"queued\",\"progress\":0");

        RUNWAY.task(runwayId, "\"status\":\"RUNNING\",\"progress\":0.42");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\",\"progress\":42"));

        RUNWAY.task(runwayId, "\"status\":\"SUCCEEDED\"");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\",\"progress\":100"));
        assertThat(column(id, "expires_at - completed_at")).isEqualTo("1 day");

        HttpResponse<byte[]> whole = download(id, "", null);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(whole.body()).isEqualTo(VIDEO);
        HttpResponse<byte[]> part = download(id, "", "bytes=0-99");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 0-99/" + VIDEO.length);
        assertThat(part.body()).hasSize(100);

        assertThat(output.getAll()).doesNotContain(RUNWAY_SECRET);
    }

    @Test
    void anExpiredDownloadLinkIsRenewedByReadingTheTaskAgain() throws Exception {
        String id = completed("{\"model\":\"gen4.5\",\"prompt\":\"a fox\"}");
        String firstLink = column(id, "result_url");

        RUNWAY.expireLinks();
        HttpResponse<byte[]> response = download(id, "", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(VIDEO);
        assertThat(column(id, "result_url")).isNotEqualTo(firstLink).contains("_jwt=");
    }

    @Test
    void rangesAreCheckedByTheGateway() throws Exception {
        String id = completed("{\"model\":\"gen4.5\",\"prompt\":\"a fox\"}");

        HttpResponse<byte[]> malformed = download(id, "", "bytes=5-1");
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).isEqualTo(VIDEO);
        HttpResponse<byte[]> several = download(id, "", "bytes=0-1,3-4");
        assertThat(several.statusCode()).isEqualTo(200);
        HttpResponse<byte[]> beyond = download(id, "", "bytes=100000000-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + VIDEO.length);
        assertThat(beyond.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new String(beyond.body())).isEqualTo("{\"error\":{\"message\":\"The requested range is not "
                + "satisfiable for this content.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"range_not_satisfiable\"}}");
    }

    @Test
    void runwayMakesNoThumbnailSoThatVariantIsA404WithItsOwnCode() throws Exception {
        String id = completed("{\"model\":\"gen4.5\",\"prompt\":\"a fox\"}");

        HttpResponse<byte[]> response = download(id, "?variant=thumbnail", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(new String(response.body())).contains("\"code\":\"variant_not_available\"");
    }

    @Test
    void aSafetyFailureIsModerationBlockedWithoutRunwaysOwnWording() {
        String id = idOf(create("{\"model\":\"gen4.5\",\"prompt\":\"something bad\"}"));
        RUNWAY.task(column(id, "upstream_video_id"), "\"status\":\"FAILED\",\"failure\":\"Internal moderation text\","
                + "\"failureCode\":\"SAFETY.INPUT.TEXT\"");

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"error\":{\"message\":\"The video was blocked by the video provider's content "
                + "moderation (SAFETY.INPUT.TEXT).\",\"code\":\"moderation_blocked\"}").doesNotContain("Internal moderation");
    }

    @Test
    void aCancelledRunwayTaskIsCancelled() {
        String id = idOf(create("{\"model\":\"gen4.5\",\"prompt\":\"a fox\"}"));
        RUNWAY.task(column(id, "upstream_video_id"), "\"status\":\"CANCELLED\"");

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"cancelled\""));
    }

    @Test
    void valuesTheModelDoesNotTakeAreRefusedListingTheAcceptedOnesNotClamped() {
        HttpResponse<String> seconds = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"gen4.5\",\"prompt\":\"x\",\"seconds\":\"12\"}");
        HttpResponse<String> size = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"veo3.1\",\"prompt\":\"x\",\"size\":\"1024x1792\"}");

        assertThat(seconds.statusCode()).isEqualTo(400);
        assertThat(seconds.body()).isEqualTo("{\"error\":{\"message\":\"Invalid value for 'seconds': '12'. Model 'gen4.5' "
                + "supports: 2, 3, 4, 5, 6, 7, 8, 9, 10.\",\"type\":\"invalid_request_error\",\"param\":\"seconds\",\"code\":\"invalid_value\"}}");
        assertThat(size.statusCode()).isEqualTo(400);
        assertThat(size.body()).contains("\"param\":\"size\"", "1280x720, 720x1280, 1920x1080, 1080x1920");
        assertThat(RUNWAY.server().requests()).isEmpty();
    }

    @Test
    void aRateLimitedCreateIs429WithRetryAfterAndNothingVisible() {
        RUNWAY.server().on("POST /text_to_video", (request, exchange) ->
                FakeUpstream.json(exchange, 429, "{\"error\":\"Too many requests\"}"));

        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", "{\"model\":\"gen4.5\",\"prompt\":\"x\"}");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(response.body()).contains("\"code\":\"rate_limit_exceeded\"");
        assertThat(api.get("/v1/videos", key).body()).contains("\"data\":[]");
    }

    @Test
    void anUploadedImageGoesToImageToVideoAsADataUri() {
        MultipartForm form = new MultipartForm().field("model", "gen4_turbo").field("prompt", "make it move")
                .field("seconds", "5").field("size", "960x960").file("input_reference", "cat.png", "image/png", "PNG-BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(RUNWAY.requests("POST", "/image_to_video").getFirst().bodyText()).isEqualTo("{\"model\":\"gen4_turbo\","
                + "\"promptImage\":\"data:image/png;base64,UE5HLUJZVEVT\",\"promptText\":\"make it move\",\"ratio\":\"960:960\",\"duration\":5}");
    }

    @Test
    void aModelThatOnlyAnimatesImagesNeedsOne() {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"gen4_turbo\",\"prompt\":\"x\",\"seconds\":\"5\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"param\":\"input_reference\",\"code\":\"missing_required_parameter\"");
    }

    @Test
    void remixIsRefusedNamingTheModelAndDeleteCancelsAtRunway() throws Exception {
        String id = completed("{\"model\":\"gen4.5\",\"prompt\":\"a fox\"}");
        String runwayId = column(id, "upstream_video_id");

        HttpResponse<String> remix = api.post("/v1/videos/" + id + "/remix", key, "application/json", "{\"prompt\":\"again\"}");
        assertThat(remix.statusCode()).isEqualTo(400);
        assertThat(remix.body()).contains("Model 'gen4.5' cannot remix videos", "\"code\":\"remix_not_supported\"");

        assertThat(api.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> column(id, "upstream_deleted_at") != null);
        assertThat(RUNWAY.requests("DELETE", "/tasks/" + runwayId)).hasSize(1);
    }

    private String completed(String json) {
        RUNWAY.autoProgress(true);
        String id = idOf(create(json));
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\""));
        return id;
    }

    private HttpResponse<byte[]> download(String id, String query, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/videos/" + id + "/content" + query))
                .header("Authorization", "Bearer " + key);
        if (range != null) {
            request.header("Range", range);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
