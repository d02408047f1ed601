package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.videorelay.support.FakeUpstream;
import com.videorelay.support.MultipartForm;
import com.videorelay.support.RelayTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /v1/videos/{id}/content streamed from the upstream, and POST /v1/videos/{id}/remix. */
class VideoContentAndRemixApiTest extends RelayTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final int CHUNK = 16 * 1024;

    @Test
    void contentIsStreamedAsTheUpstreamSendsItWithItsTypeAndLength() throws Exception {
        String id = completedTaskOnPrimary("up_movie");
        PRIMARY.on("GET /videos/{id}/content", (request, exchange) -> slowly(exchange, 5, 300));

        long started = System.nanoTime();
        HttpResponse<InputStream> response = CLIENT.send(download(id, "").header("Accept", "application/binary").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] first = response.body().readNBytes(CHUNK);
        long firstChunkMillis = (System.nanoTime() - started) / 1_000_000;
        byte[] rest = response.body().readAllBytes();
        long totalMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("video/mp4");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(5 * CHUNK));
        assertThat(first.length + rest.length).isEqualTo(5 * CHUNK);
        // Bytes reach the client while the upstream is still sending: nothing waits for the whole file.
        assertThat(firstChunkMillis).isLessThan(totalMillis - 800);
        // The stalls (300 ms each, 1.2 s in all) stay under the 1 s idle timeout: no overall deadline applies.
        assertThat(totalMillis).isGreaterThan(1200);
        assertThat(PRIMARY.requests("GET", "/videos/up_movie/content").getFirst().query()).isEqualTo("variant=video");
    }

    @Test
    void rangeRequestsArePassedThroughAndAnswered206() throws Exception {
        String id = completedTaskOnPrimary("up_ranged");
        PRIMARY.on("GET /videos/{id}/content", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "image/webp");
            exchange.getResponseHeaders().set("Content-Range", "bytes 0-9/1000");
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"up_ranged.webp\"");
            exchange.sendResponseHeaders(206, 10);
            exchange.getResponseBody().write("0123456789".getBytes());
        });

        HttpResponse<String> response = CLIENT.send(download(id, "?variant=thumbnail").header("Range", "bytes=0-9")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo("0123456789");
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 0-9/1000");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/webp");
        assertThat(response.headers().firstValue("Content-Disposition")).as("names the upstream's id").isEmpty();
        FakeUpstream.Request forwarded = PRIMARY.requests("GET", "/videos/up_ranged/content").getFirst();
        assertThat(forwarded.header("Accept-Encoding")).as("compressed bytes would break ranges").isNull();
        assertThat(forwarded.header("Range")).isEqualTo("bytes=0-9");
        assertThat(forwarded.query()).isEqualTo("variant=thumbnail");
        assertThat(forwarded.header("Authorization")).isEqualTo("Bearer " + PRIMARY_SECRET);
    }

    @Test
    void anUpstreamThatStallsLongerThanTheIdleTimeoutCutsTheDownloadShort() throws Exception {
        String id = completedTaskOnPrimary("up_stalled");
        PRIMARY.on("GET /videos/{id}/content", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, 4L * CHUNK);
            exchange.getResponseBody().write(new byte[CHUNK]);
            exchange.getResponseBody().flush();
            Thread.sleep(5000);
        });

        long started = System.nanoTime();
        HttpResponse<InputStream> response = CLIENT.send(download(id, "").build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(4000));
    }

    @Test
    void aChunkedDownloadThatBreaksOffIsABrokenResponseNotACompleteOne() throws Exception {
        String id = completedTaskOnPrimary("up_chunked");
        PRIMARY.on("GET /videos/{id}/content", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, 0); // chunked: no length tells the client what is missing
            exchange.getResponseBody().write(new byte[CHUNK]);
            exchange.getResponseBody().flush();
            Thread.sleep(5000);
        });

        HttpResponse<InputStream> response = CLIENT.send(download(id, "").build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> response.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatHangsUpStopsTheUpstreamDownload() throws Exception {
        String id = completedTaskOnPrimary("up_abandoned");
        // 32 MB: far more than the socket buffers between the fake and the gateway can hold, so the fake
        // can only send half of it if the gateway keeps reading.
        int chunks = 2000;
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch upstreamCut = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch clientGone = new java.util.concurrent.CountDownLatch(1);
        PRIMARY.on("GET /videos/{id}/content", (request, exchange) -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, (long) chunks * CHUNK);
            try {
                for (int i = 0; i < chunks; i++) {
                    exchange.getResponseBody().write(new byte[CHUNK]);
                    exchange.getResponseBody().flush();
                    sent.incrementAndGet();
                    if (i == 0) {
                        // The rest only once the client has hung up: how fast anything runs cannot matter.
                        clientGone.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
            } catch (IOException cut) {
                upstreamCut.countDown();
            }
        });

        HttpResponse<InputStream> response = CLIENT.send(download(id, "").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().readNBytes(CHUNK);
        response.body().close();
        clientGone.countDown();

        // The gateway drops the upstream connection rather than read the rest of the file.
        assertThat(upstreamCut.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(sent.get()).isLessThan(chunks / 2);
        HttpResponse<String> next = CLIENT.send(download(id, "").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200); // its download slot was given back
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "in_progress, video_not_ready",
            "deleted, video_deleted",
            "expired, video_expired",
    })
    void contentThatCannotBeServedIs404WithItsOwnCode(String state, String code) throws Exception {
        String id = completedTaskOnPrimary("up_" + state);
        switch (state) {
            case "in_progress" -> jdbc.sql("update video_tasks set status = 'in_progress', progress = 50 where id = ?")
                    .param(id).update();
            case "deleted" -> api.send("DELETE", "/v1/videos/" + id, "Bearer " + key);
            default -> jdbc.sql("update video_tasks set expires_at = now() - interval '1 minute' where id = ?")
                    .param(id).update();
        }

        HttpResponse<String> response = CLIENT.send(download(id, "").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"type\":\"invalid_request_error\"", "\"code\":\"" + code + "\"");
        assertThat(PRIMARY.requests("GET", "/videos/up_" + state + "/content")).isEmpty();
    }

    @Test
    void unknownVariantIs400AndUnknownVideoIs404() throws Exception {
        String id = completedTaskOnPrimary("up_variants");

        HttpResponse<String> badVariant = CLIENT.send(download(id, "?variant=poster").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = CLIENT.send(download("video_nope", "").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(badVariant.statusCode()).isEqualTo(400);
        assertThat(badVariant.body()).contains("\"param\":\"variant\"");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"code\":\"video_not_found\"");
    }

    @Test
    void remixRunsOnTheSourcesUpstreamWithItsUpstreamId() {
        String source = completedTaskOnSecondary("up_source");
        SECONDARY.on("POST /videos/{id}/remix", (request, exchange) -> FakeUpstream.json(exchange, 200,
                FakeUpstream.video("up_remix", "queued", 0)));

        HttpResponse<String> response = api.post("/v1/videos/" + source + "/remix", key, "application/json",
                "{\"prompt\":\"now at night\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"remixed_from_video_id\":\"" + source + "\"",
                "\"prompt\":\"now at night\"").doesNotContain("up_remix", "up_source");
        FakeUpstream.Request forwarded = SECONDARY.requests("POST", "/videos/up_source/remix").getFirst();
        assertThat(forwarded.bodyText()).isEqualTo("{\"prompt\":\"now at night\"}");
        assertThat(PRIMARY.requests("POST", "/videos/up_source/remix")).isEmpty();
    }

    @Test
    void remixAcceptsAMultipartPrompt() {
        String source = completedTaskOnPrimary("up_form_source");
        PRIMARY.on("POST /videos/{id}/remix", (request, exchange) -> FakeUpstream.json(exchange, 200,
                FakeUpstream.video("up_form_remix", "queued", 0)));
        MultipartForm form = new MultipartForm().field("prompt", "in winter");

        HttpResponse<String> response = api.post("/v1/videos/" + source + "/remix", key, form.contentType(),
                form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"prompt\":\"in winter\"", "\"remixed_from_video_id\":\"" + source);
        assertThat(PRIMARY.requests("POST", "/videos/up_form_source/remix").getFirst().bodyText())
                .isEqualTo("{\"prompt\":\"in winter\"}");
    }

    @Test
    void remixOfAnUnfinishedVideoIsRefusedHereAndOneTheUpstreamLostIs404() {
        String running = completedTaskOnPrimary("up_still_running");
        jdbc.sql("update video_tasks set status = 'in_progress' where id = ?").param(running).update();
        String lost = completedTaskOnPrimary("up_lost_source");
        PRIMARY.on("POST /videos/{id}/remix", (request, exchange) -> FakeUpstream.json(exchange, 404,
                "{\"error\":{\"message\":\"Video up_lost_source not found\",\"type\":\"invalid_request_error\"}}"));

        HttpResponse<String> notReady = api.post("/v1/videos/" + running + "/remix", key, "application/json",
                "{\"prompt\":\"x\"}");
        HttpResponse<String> gone = api.post("/v1/videos/" + lost + "/remix", key, "application/json",
                "{\"prompt\":\"x\"}");

        assertThat(notReady.statusCode()).isEqualTo(400);
        assertThat(notReady.body()).contains("\"code\":\"video_not_ready\"");
        assertThat(PRIMARY.requests("POST", "/videos/up_still_running/remix")).isEmpty();
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("\"code\":\"video_content_unavailable\"").doesNotContain("up_lost_source");
    }

    @Test
    void remixOfAnUnknownVideoIs404AndOfAHandMadeRowIs400() {
        String handMade = fixtures.task(project, "completed");

        HttpResponse<String> unknown = api.post("/v1/videos/video_nope/remix", key, "application/json",
                "{\"prompt\":\"x\"}");
        HttpResponse<String> notRelayed = api.post("/v1/videos/" + handMade + "/remix", key, "application/json",
                "{\"prompt\":\"x\"}");
        HttpResponse<String> noPrompt = api.post("/v1/videos/" + handMade + "/remix", key, "application/json", "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(notRelayed.statusCode()).isEqualTo(400);
        assertThat(notRelayed.body()).contains("\"code\":\"video_not_remixable\"");
        assertThat(noPrompt.statusCode()).isEqualTo(400);
        assertThat(noPrompt.body()).contains("\"param\":\"prompt\"");
    }

    private String completedTaskOnPrimary(String upstreamId) {
        return completedTaskOn(PRIMARY, upstreamId);
    }

    /** Created on the secondary: the primary answers 503, which proves it created nothing. */
    private String completedTaskOnSecondary(String upstreamId) {
        PRIMARY.on("POST /videos", (request, exchange) -> FakeUpstream.json(exchange, 503, "{}"));
        return completedTaskOn(SECONDARY, upstreamId);
    }

    /** A task its upstream accepted and then reported completed to the sync. */
    private String completedTaskOn(FakeUpstream fake, String upstreamId) {
        fake.on("POST /videos", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video(upstreamId, "queued", 0)));
        fake.on("GET /videos/" + upstreamId, (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video(upstreamId, "completed", 100)));
        String id = createJson("{\"prompt\":\"test\"}").replaceAll(".*\"id\":\"(video_[0-9a-f]{32})\".*", "$1");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> api.get("/v1/videos/" + id, key).body().contains("\"status\":\"completed\""));
        return id;
    }

    private HttpRequest.Builder download(String id, String query) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/videos/" + id + "/content" + query))
                .header("Authorization", "Bearer " + key);
    }

    /** {@code chunks} chunks of 16 KiB with a pause before each but the first. */
    private static void slowly(HttpExchange exchange, int chunks, long pauseMillis) throws Exception {
        exchange.getResponseHeaders().set("Content-Type", "video/mp4");
        exchange.sendResponseHeaders(200, (long) chunks * CHUNK);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < chunks; i++) {
            if (i > 0) {
                Thread.sleep(pauseMillis);
            }
            out.write(new byte[CHUNK]);
            out.flush();
        }
    }
}
