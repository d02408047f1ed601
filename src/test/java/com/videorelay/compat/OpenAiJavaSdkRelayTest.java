package com.videorelay.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.videos.Video;
import com.openai.models.videos.VideoCreateParams;
import com.openai.models.videos.VideoDeleteResponse;
import com.openai.models.videos.VideoDownloadContentParams;
import com.openai.models.videos.VideoListPage;
import com.openai.models.videos.VideoListParams;
import com.openai.models.videos.VideoModel;
import com.openai.models.videos.VideoRemixParams;
import com.openai.models.videos.VideoSeconds;
import com.openai.models.videos.VideoSize;
import com.videorelay.support.SimulatorTest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The whole Videos API through the official OpenAI Java SDK, unmodified, against the gateway relaying
 * to the built-in simulator over real HTTP: exactly what a newcomer runs with bin/videorelay.
 * Response validation is on, so any key, type or enum the SDK does not accept fails the test.
 */
class OpenAiJavaSdkRelayTest extends SimulatorTest {

    private static final Duration GENERATION = Duration.ofSeconds(15);

    OpenAIClient client;

    @BeforeEach
    void setUp() {
        client = OpenAIOkHttpClient.builder()
                .apiKey(fixtures.apiKey(fixtures.project()))
                .baseUrl(api.baseUrl() + "/v1")
                .maxRetries(0)
                .responseValidation(true)
                .build();
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void createPollAndDownloadTheVideoAndItsPreviews() throws IOException {
        Video created = client.videos().create(VideoCreateParams.builder()
                .prompt("A calico cat playing a piano on stage")
                .model(VideoModel.SORA_2)
                .seconds(VideoSeconds._8)
                .size(VideoSize._1280X720)
                .build());

        assertThat(created.id()).matches("video_[0-9a-f]{32}");
        assertThat(created.status()).isEqualTo(Video.Status.QUEUED);
        Video done = awaitFinished(created.id());
        assertThat(done.status()).isEqualTo(Video.Status.COMPLETED);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.seconds()).isEqualTo(VideoSeconds._8);
        assertThat(done.size()).isEqualTo(VideoSize._1280X720);
        assertThat(done.completedAt()).isPresent();
        assertThat(done.expiresAt()).isPresent();

        assertThat(download(created.id(), VideoDownloadContentParams.Variant.VIDEO)).isEqualTo(asset("video.mp4"));
        assertThat(download(created.id(), VideoDownloadContentParams.Variant.THUMBNAIL))
                .isEqualTo(asset("thumbnail.webp"));
        assertThat(download(created.id(), VideoDownloadContentParams.Variant.SPRITESHEET))
                .isEqualTo(asset("spritesheet.jpg"));
    }

    @Test
    void createWithAnUploadedReferenceImage() throws IOException {
        Video created = client.videos().create(VideoCreateParams.builder()
                .prompt("Animate this picture")
                .inputReference(asset("thumbnail.webp"))
                .build());

        assertThat(awaitFinished(created.id()).status()).isEqualTo(Video.Status.COMPLETED);
    }

    @Test
    void aFailingPromptEndsFailedWithItsError() {
        Video created = client.videos().create(VideoCreateParams.builder().prompt("Please [fail] now").build());

        Video failed = awaitFinished(created.id());

        assertThat(failed.status()).isEqualTo(Video.Status.FAILED);
        assertThat(failed.error()).isPresent();
        assertThat(failed.error().get().code()).isEqualTo("simulated_failure");
    }

    @Test
    void remixOfACompletedVideo() {
        Video source = client.videos().create(VideoCreateParams.builder().prompt("A quiet harbour").build());
        awaitFinished(source.id());

        Video remix = client.videos().remix(source.id(), VideoRemixParams.builder().prompt("At night").build());

        assertThat(remix.remixedFromVideoId()).hasValue(source.id());
        assertThat(remix.prompt()).hasValue("At night");
        assertThat(awaitFinished(remix.id()).status()).isEqualTo(Video.Status.COMPLETED);
    }

    @Test
    void listPagesInBothOrdersAndDeleteMakesTheVideo404() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.videos().create(VideoCreateParams.builder().prompt("clip " + i).build()).id());
        }

        List<String> newestFirst = new ArrayList<>();
        client.videos().list(VideoListParams.builder().limit(2).build()).autoPager()
                .forEach(video -> newestFirst.add(video.id()));
        List<String> oldestFirst = new ArrayList<>();
        VideoListPage page = client.videos().list(VideoListParams.builder().limit(2).order(VideoListParams.Order.ASC)
                .build());
        int pages = 1;
        page.data().forEach(video -> oldestFirst.add(video.id()));
        while (page.hasNextPage()) {
            page = page.nextPage();
            pages++;
            page.data().forEach(video -> oldestFirst.add(video.id()));
        }

        assertThat(newestFirst).containsExactlyElementsOf(created.reversed());
        assertThat(oldestFirst).containsExactlyElementsOf(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);

        VideoDeleteResponse deleted = client.videos().delete(created.getFirst());
        assertThat(deleted.id()).isEqualTo(created.getFirst());
        assertThat(deleted.deleted()).isTrue();
        assertThatThrownBy(() -> client.videos().retrieve(created.getFirst()))
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.code()).hasValue("video_not_found"));
    }

    private Video awaitFinished(String id) {
        await().atMost(GENERATION).pollInterval(Duration.ofMillis(200)).until(() -> {
            Video.Status status = client.videos().retrieve(id).status();
            return status.equals(Video.Status.COMPLETED) || status.equals(Video.Status.FAILED);
        });
        return client.videos().retrieve(id);
    }

    private byte[] download(String id, VideoDownloadContentParams.Variant variant) throws IOException {
        try (HttpResponse response = client.videos().downloadContent(id,
                VideoDownloadContentParams.builder().variant(variant).build());
             InputStream body = response.body()) {
            assertThat(response.statusCode()).isEqualTo(200);
            return body.readAllBytes();
        }
    }

    private static byte[] asset(String name) throws IOException {
        try (InputStream in = new ClassPathResource("simulator/" + name).getInputStream()) {
            return in.readAllBytes();
        }
    }
}
