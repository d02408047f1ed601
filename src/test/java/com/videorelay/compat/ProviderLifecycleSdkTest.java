package com.videorelay.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.models.Model;
import com.openai.models.videos.Video;
import com.openai.models.videos.VideoCreateParams;
import com.openai.models.videos.VideoModel;
import com.openai.models.videos.VideoSeconds;
import com.openai.models.videos.VideoSize;
import com.videorelay.support.ProvidersTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One whole lifecycle per live provider (Runway, Kling, Gemini Omni, MiniMax, Seedance on Ark, Vertex Veo with
 * its results in a bucket and inline) through the unmodified OpenAI Java SDK, with
 * response validation on, and through the Node SDK (compat/node/provider.mjs): the model is listed,
 * then create, poll to completed, download, list, delete.
 */
class ProviderLifecycleSdkTest extends ProvidersTest {

    OpenAIClient client;

    @BeforeEach
    void setUp() {
        RUNWAY.autoProgress(true);
        KLING.autoProgress(true);
        GEMINI.autoProgress(true);
        MINIMAX.autoProgress(true);
        ARK.autoProgress(true);
        VERTEX.autoProgress(true);
        client = OpenAIOkHttpClient.builder().apiKey(key).baseUrl(api.baseUrl() + "/v1").maxRetries(0)
                .responseValidation(true).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @ParameterizedTest(name = "{0} through the Java SDK")
    @CsvSource({"runway, gen4.5, 5, 1280x720", "kling, kling-v2-6, 10, 720x1280", "gemini, gemini-omni-1.1-flash, 8, 1280x720",
            // MiniMax as T2V-01 (720P): the SDK's response validation refuses sizes outside OpenAI's four, like 1366x768.
            "minimax, T2V-01, 6, 1280x720", "ark, doubao-seedance-2-0-260128, 8, 720x1280",
            "vertex, veo-3.1-generate-001, 8, 1280x720", "vertex, " + VERTEX_INLINE_MODEL + ", 4, 720x1280"})
    void javaSdk(String provider, String model, String seconds, String size) throws Exception {
        assertThat(client.models().list().data()).extracting(Model::id).contains(model);
        assertThat(client.models().retrieve(model).ownedBy()).isEqualTo(provider);

        Video created = client.videos().create(VideoCreateParams.builder().prompt("A paper boat on a river")
                .model(VideoModel.of(model)).seconds(VideoSeconds.of(seconds)).size(VideoSize.of(size)).build());
        assertThat(created.status()).isEqualTo(Video.Status.QUEUED);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> Video.Status.COMPLETED.equals(client.videos().retrieve(created.id()).status()));
        Video done = client.videos().retrieve(created.id());
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.seconds()).isEqualTo(VideoSeconds.of(seconds));
        assertThat(done.size()).isEqualTo(VideoSize.of(size));
        try (HttpResponse content = client.videos().downloadContent(created.id()); InputStream body = content.body()) {
            assertThat(body.readAllBytes()).isEqualTo(VIDEO);
        }
        assertThat(client.videos().list().data()).extracting(Video::id).containsExactly(created.id());
        assertThat(client.videos().delete(created.id()).deleted()).isTrue();
        assertThatThrownBy(() -> client.videos().retrieve(created.id())).isInstanceOf(NotFoundException.class);
    }

    @ParameterizedTest(name = "{0} through the Node SDK")
    @CsvSource({"runway, gen4.5, 5, 1280x720", "kling, kling-v3, 8, 1080x1920", "gemini, gemini-omni-1.1-flash, 4, 720x1280",
            "minimax, MiniMax-Hailuo-2.3, 6, 1366x768", "ark, doubao-seedance-2-0-260128, 5, 1280x720",
            "vertex, veo-3.1-fast-generate-001, 6, 1080x1920", "vertex, " + VERTEX_INLINE_MODEL + ", 8, 1280x720"})
    void nodeSdk(String provider, String model, String seconds, String size) throws Exception {
        OpenAiNodeSdkTest.installSdk();
        Path expected = Files.createTempFile("expected-video", ".mp4");
        Files.write(expected, VIDEO);

        OpenAiNodeSdkTest.Result result = OpenAiNodeSdkTest.run(List.of("node", "provider.mjs"), Map.of(
                "VIDEORELAY_BASE_URL", api.baseUrl() + "/v1", "VIDEORELAY_KEY", key, "MODEL", model,
                "SECONDS", seconds, "SIZE", size, "EXPECTED_VIDEO", expected.toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok the model is listed", "ok create and poll to completed",
                "ok downloadContent returns the video", "ok list", "ok delete, then NotFoundError");
    }
}
