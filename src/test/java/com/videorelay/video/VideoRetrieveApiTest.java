package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /v1/videos/{video_id} over real HTTP, asserting the exact bytes clients receive. */
class VideoRetrieveApiTest extends IntegrationTest {

    static final String NOT_FOUND = """
            {"error":{"message":"Video not found","type":"invalid_request_error","param":null,"code":"video_not_found"}}""";

    long project;
    String key;

    @BeforeEach
    void setUp() {
        project = fixtures.project();
        key = fixtures.apiKey(project);
    }

    @Test
    void queuedTaskHasAll13KeysInSeedOrderWithExplicitNulls() {
        String id = "video_68f10985d6c4819097007665bdcfba5f" + suffix();
        fixtures.task(id, project, "sora-2", "queued", 0, null, "8", "1280x720", null, null, null,
                1760627077L, null, null);

        HttpResponse<String> response = api.get("/v1/videos/" + id, key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("""
                {"id":"%s","object":"video","model":"sora-2","status":"queued","progress":0,\
                "created_at":1760627077,"completed_at":null,"expires_at":null,"prompt":null,"seconds":"8",\
                "size":"1280x720","remixed_from_video_id":null,"error":null}""".formatted(id));
    }

    @Test
    void completedTaskShowsItsTimestampsPromptAndRemixSource() {
        String id = "video_completed" + suffix();
        fixtures.task(id, project, "sora-2-pro", "completed", 100, "A calico cat playing a piano on stage", "12",
                "1792x1024", "video_source123", null, null, 1760627077L, 1760627863L, 1760714196L);

        HttpResponse<String> response = api.get("/v1/videos/" + id, key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                {"id":"%s","object":"video","model":"sora-2-pro","status":"completed","progress":100,\
                "created_at":1760627077,"completed_at":1760627863,"expires_at":1760714196,\
                "prompt":"A calico cat playing a piano on stage","seconds":"12","size":"1792x1024",\
                "remixed_from_video_id":"video_source123","error":null}""".formatted(id));
    }

    @Test
    void failedTaskCarriesItsErrorMessageAndCode() {
        String id = "video_failed" + suffix();
        fixtures.task(id, project, "sora-2", "failed", 0, null, "8", "1280x720", null, "content_policy_violation",
                "Content policy violation: inappropriate content detected", 1760627077L, null, null);

        HttpResponse<String> response = api.get("/v1/videos/" + id, key);

        assertThat(response.body()).endsWith("""
                "error":{"message":"Content policy violation: inappropriate content detected",\
                "code":"content_policy_violation"}}""");
    }

    @Test
    void errorWithOnlyACodeGetsADefaultMessageAndViceVersa() {
        String codeOnly = "video_code_only" + suffix();
        String messageOnly = "video_message_only" + suffix();
        fixtures.task(codeOnly, project, "sora-2", "failed", 0, null, "4", "720x1280", null, "moderation_blocked",
                null, 1760627077L, null, null);
        fixtures.task(messageOnly, project, "sora-2", "failed", 0, null, "4", "720x1280", null, null,
                "Upstream gave up", 1760627077L, null, null);

        assertThat(api.get("/v1/videos/" + codeOnly, key).body()).endsWith("""
                "error":{"message":"The video could not be generated.","code":"moderation_blocked"}}""");
        assertThat(api.get("/v1/videos/" + messageOnly, key).body()).endsWith("""
                "error":{"message":"Upstream gave up","code":"generation_failed"}}""");
    }

    @ParameterizedTest
    @ValueSource(strings = {"queued", "in_progress", "completed", "failed", "cancelled"})
    void everyStatusIsShownAsStored(String status) {
        String id = fixtures.task(project, status);

        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"status\":\"" + status + "\"");
    }

    @Test
    void rowWithOnlyRequiredColumnsShowsContractDefaults() {
        String id = fixtures.task(project, "queued");

        String body = api.get("/v1/videos/" + id, key).body();

        assertThat(body).contains("\"progress\":0,", "\"seconds\":\"4\",", "\"size\":\"720x1280\",");
    }

    @Test
    void unknownIdIsOpenAiNotFound() {
        HttpResponse<String> response = api.get("/v1/videos/video_0000000000000000000000000000dead", key);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void anotherProjectsTaskIsIndistinguishableFromAnUnknownOne() {
        long otherProject = fixtures.project();
        String foreign = fixtures.task(otherProject, "completed");

        HttpResponse<String> response = api.get("/v1/videos/" + foreign, key);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(NOT_FOUND);
        assertThat(api.get("/v1/videos/" + foreign, fixtures.apiKey(otherProject)).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "video.abc", "video%20abc", "video%C3%A9", "video~x", "video;x", "video%2Fx",
            "video%5Cx", "video%25x", "video'%20or%20'1'='1", "video_a//b"})
    void malformedIdsGetTheSameNotFound(String malformed) {
        HttpResponse<String> response = api.get("/v1/videos/" + malformed, key);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/videos/video_a/b", "/v1/videos/video_a/", "/v1/videos/video_a/content/x"})
    void pathsBelowAnIdAreUnknownUrlsNotVideos(String path) {
        HttpResponse<String> response = api.get(path, key);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"Invalid URL (GET %s)","type":"invalid_request_error","param":null,\
                "code":"unknown_url"}}""".formatted(path));
    }

    @Test
    void idOfMaximumLengthIsServedAndOneCharacterMoreIsNotFound() {
        String longest = "v".repeat(128);
        fixtures.task(longest, project, "sora-2", "queued", 0, null, "4", "720x1280", null, null, null,
                1760627077L, null, null);

        assertThat(api.get("/v1/videos/" + longest, key).statusCode()).isEqualTo(200);
        HttpResponse<String> tooLong = api.get("/v1/videos/" + longest + "v", key);
        assertThat(tooLong.statusCode()).isEqualTo(404);
        assertThat(tooLong.body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() {
        String id = fixtures.task(project, "queued");

        String first = api.get("/v1/videos/" + id, key).headers().firstValue("x-request-id").orElseThrow();
        String second = api.get("/v1/videos/nope", key).headers().firstValue("x-request-id").orElseThrow();
        String third = api.get("/v1/videos/" + id, null).headers().firstValue("x-request-id").orElseThrow();

        assertThat(first).matches("req_[0-9a-f]{32}");
        assertThat(second).matches("req_[0-9a-f]{32}");
        assertThat(third).matches("req_[0-9a-f]{32}");
        assertThat(first).isNotEqualTo(second).isNotEqualTo(third);
        assertThat(second).isNotEqualTo(third);
    }

    private static String suffix() {
        return Long.toHexString(System.nanoTime());
    }
}
