package com.videorelay.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.ProvidersTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** OpenAI's Videos API relayed to Gemini Omni over the Interactions API (a faithful fake). */
@ExtendWith(OutputCaptureExtension.class)
class GeminiApiTest extends ProvidersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aVideoFollowsTheInteractionsLifecycleAndDownloadsWithTheKey(CapturedOutput output) throws Exception {
        HttpResponse<String> created = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"gemini-omni-1.1-flash\",\"prompt\":\"a marble on a track\",\"seconds\":\"8\",\"size\":\"1280x720\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = idOf(created.body());
        FakeUpstream.Request sent = GEMINI.requests("POST", "/v1beta/interactions").getFirst();
        assertThat(sent.header("x-goog-api-key")).isEqualTo(GEMINI_KEY);
        assertThat(sent.header("Api-Revision")).isEqualTo("2026-05-20");
        assertThat(sent.bodyText()).isEqualTo("{\"model\":\"gemini-omni-1.1-flash\",\"input\":\"a marble on a track\","
                + "\"background\":true,\"response_format\":{\"type\":\"video\",\"delivery\":\"uri\",\"aspect_ratio\":\"16:9\","
                + "\"resolution\":\"720p\",\"duration\":\"8s\"}}");
        String interaction = GEMINI.lastId();
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"in_progress\""));

        GEMINI.status(interaction, "completed");
        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"completed\",\"progress\":100"));
        HttpResponse<byte[]> part = HttpClientHolder.send(api.baseUrl() + "/v1/videos/" + id + "/content", key, "bytes=0-9");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).hasSize(10);
        assertThat(GEMINI.requests("GET", "/v1beta/files/").getFirst().query()).isEqualTo("alt=media");
        assertThat(output.getAll()).doesNotContain(GEMINI_KEY);
    }

    @Test
    void aCompletedInteractionWithoutAVideoIsASafetyRefusalNotACompletedVideo() {
        String id = idOf(create("{\"model\":\"gemini-omni-1.1-flash\",\"prompt\":\"x\"}"));
        GEMINI.status(GEMINI.lastId(), "refused");

        await().atMost(WAIT).until(() -> poll(id).contains("\"status\":\"failed\""));

        assertThat(poll(id)).contains("\"code\":\"moderation_blocked\"");
    }

    @Test
    void aSafetyBlockAtSubmitIsA400AndARateLimitA429() {
        HttpResponse<String> blocked = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"gemini-omni-1.1-flash\",\"prompt\":\"something [unsafe]\"}");
        GEMINI.server().on("POST /v1beta/interactions", (request, exchange) -> FakeUpstream.json(exchange, 429,
                "{\"error\":{\"code\":\"resource_exhausted\",\"message\":\"Quota exceeded\"}}", java.util.Map.of("Retry-After", "3")));
        HttpResponse<String> limited = api.post("/v1/videos", key, "application/json", "{\"model\":\"gemini-omni-1.1-flash\",\"prompt\":\"x\"}");

        assertThat(blocked.statusCode()).isEqualTo(400);
        assertThat(blocked.body()).contains("\"param\":\"prompt\",\"code\":\"moderation_blocked\"");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");
    }

    @Test
    void remixContinuesTheSourceInteraction() {
        GEMINI.autoProgress(true);
        String source = idOf(create("{\"model\":\"gemini-omni-1.1-flash\",\"prompt\":\"a harbour\",\"seconds\":\"5\"}"));
        String sourceInteraction = GEMINI.lastId();
        await().atMost(WAIT).until(() -> poll(source).contains("\"status\":\"completed\""));

        HttpResponse<String> remix = api.post("/v1/videos/" + source + "/remix", key, "application/json", "{\"prompt\":\"at night\"}");

        assertThat(remix.statusCode()).as(remix.body()).isEqualTo(200);
        assertThat(remix.body()).contains("\"remixed_from_video_id\":\"" + source + "\"", "\"prompt\":\"at night\"");
        assertThat(GEMINI.requests("POST", "/v1beta/interactions").getLast().bodyText()).contains("\"input\":\"at night\"",
                "\"duration\":\"5s\"", "\"previous_interaction_id\":\"" + sourceInteraction + "\"");
    }

    @Test
    void secondsOmniDoesNotGenerateAreRefused() {
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json",
                "{\"model\":\"gemini-omni-1.1-flash\",\"prompt\":\"x\",\"seconds\":\"12\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("supports: 3, 4, 5, 6, 7, 8, 9, 10.", "\"param\":\"seconds\"");
        assertThat(GEMINI.server().requests()).isEmpty();
    }

    /** A plain download with a Range header. */
    static final class HttpClientHolder {
        static HttpResponse<byte[]> send(String url, String key, String range) throws Exception {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + key).header("Range", range).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
    }
}
