package com.videorelay.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.videos.Video;
import com.openai.models.videos.VideoSeconds;
import com.openai.models.videos.VideoSize;
import com.videorelay.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official OpenAI Java SDK, unmodified, pointed at the gateway with {@code baseUrl=http://…/v1}.
 * Response validation is on, so any key, type or enum the SDK does not accept fails the test.
 */
class OpenAiJavaSdkTest extends IntegrationTest {

    long project;
    String key;
    OpenAIClient client;

    @BeforeEach
    void setUp() {
        project = fixtures.project();
        key = fixtures.apiKey(project);
        client = client(key, true);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"queued", "in_progress", "completed", "failed"})
    void retrievesATaskInEveryOpenAiStatus(String status) {
        String id = fixtures.task(project, status);

        Video video = client.videos().retrieve(id);

        assertThat(video.id()).isEqualTo(id);
        assertThat(video.status().asString()).isEqualTo(status);
        assertThat(video.model().asString()).isEqualTo("sora-2");
        assertThat(video.seconds()).isEqualTo(VideoSeconds._4);
        assertThat(video.size()).isEqualTo(VideoSize._720X1280);
        assertThat(video._object_().asString()).hasValue("video");
    }

    @Test
    void retrievesACancelledTaskAsAnUnknownButReadableStatus() {
        // "cancelled" is in the seed's contract but not (yet) in OpenAI's enum: the SDK must still read it.
        String id = fixtures.task(project, "cancelled");

        OpenAIClient lenient = client(key, false);
        try {
            Video video = lenient.videos().retrieve(id);

            assertThat(video.status().asString()).isEqualTo("cancelled");
            assertThat(video.status().value()).isEqualTo(Video.Status.Value._UNKNOWN);
        } finally {
            lenient.close();
        }
    }

    @Test
    void completedTaskHasItsTimesAndPrompt() {
        String id = "video_sdk_completed_" + System.nanoTime();
        fixtures.task(id, project, "sora-2-pro", "completed", 100, "A calico cat playing a piano", "8",
                "1280x720", null, null, null, 1760627077L, 1760627863L, 1760714196L);

        Video video = client.videos().retrieve(id);

        assertThat(video.progress()).isEqualTo(100);
        assertThat(video.createdAt()).isEqualTo(1760627077L);
        assertThat(video.completedAt()).hasValue(1760627863L);
        assertThat(video.expiresAt()).hasValue(1760714196L);
        assertThat(video.prompt()).hasValue("A calico cat playing a piano");
        assertThat(video.size()).isEqualTo(VideoSize._1280X720);
        assertThat(video.error()).isEmpty();
        assertThat(video.remixedFromVideoId()).isEmpty();
    }

    @Test
    void failedTaskExposesItsError() {
        String id = "video_sdk_failed_" + System.nanoTime();
        fixtures.task(id, project, "sora-2", "failed", 0, null, "8", "1280x720", null, "content_policy_violation",
                "Content policy violation: inappropriate content detected", 1760627077L, null, null);

        Video video = client.videos().retrieve(id);

        assertThat(video.status()).isEqualTo(Video.Status.FAILED);
        assertThat(video.error()).hasValueSatisfying(error -> {
            assertThat(error.code()).isEqualTo("content_policy_violation");
            assertThat(error.message()).isEqualTo("Content policy violation: inappropriate content detected");
        });
    }

    @Test
    void unknownIdThrowsNotFoundWithOpenAisCode() {
        assertThatThrownBy(() -> client.videos().retrieve("video_0000000000000000000000000000beef"))
                .isInstanceOfSatisfying(NotFoundException.class, notFound -> {
                    assertThat(notFound.statusCode()).isEqualTo(404);
                    assertThat(notFound.code()).hasValue("video_not_found");
                    assertThat(notFound.type()).hasValue("invalid_request_error");
                    assertThat(notFound.getMessage()).contains("Video not found");
                });
    }

    @Test
    void anotherProjectsTaskIsIndistinguishableFromAnUnknownOne() {
        String foreign = fixtures.task(fixtures.project(), "completed");
        String unknown = "video_0000000000000000000000000000cafe";

        NotFoundException forForeign = catchNotFound(foreign);
        NotFoundException forUnknown = catchNotFound(unknown);

        assertThat(forForeign.body()).isEqualTo(forUnknown.body());
        assertThat(forForeign.getMessage()).isEqualTo(forUnknown.getMessage());
    }

    @Test
    void badKeyThrowsUnauthorized() {
        String id = fixtures.task(project, "queued");

        OpenAIClient wrongKey = client("sk-vr-this-key-does-not-exist-anywhere", true);
        try {
            assertThatThrownBy(() -> wrongKey.videos().retrieve(id))
                    .isInstanceOfSatisfying(UnauthorizedException.class, unauthorized -> {
                        assertThat(unauthorized.statusCode()).isEqualTo(401);
                        assertThat(unauthorized.code()).hasValue("invalid_api_key");
                    });
        } finally {
            wrongKey.close();
        }
    }

    private NotFoundException catchNotFound(String id) {
        try {
            client.videos().retrieve(id);
        } catch (NotFoundException notFound) {
            return notFound;
        }
        throw new AssertionError("expected NotFoundException for " + id);
    }

    private OpenAIClient client(String apiKey, boolean validate) {
        return OpenAIOkHttpClient.builder()
                .apiKey(apiKey)
                .baseUrl(api.baseUrl() + "/v1")
                .maxRetries(0)
                .responseValidation(validate)
                .build();
    }
}
