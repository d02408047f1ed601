package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.AccessLog;
import com.videorelay.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AuthenticationApiTest extends IntegrationTest {

    static final String MISSING_KEY = """
            {"error":{"message":"You didn't provide an API key. You need to provide your API key in an \
            Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",\
            "type":"invalid_request_error","param":null,"code":null}}""";

    long project;
    String key;
    String task;

    @BeforeEach
    void setUp() {
        project = fixtures.project();
        key = fixtures.apiKey(project);
        task = fixtures.task(project, "queued");
    }

    @Test
    void missingAuthorizationIs401TellingHowToSendTheKey() {
        HttpResponse<String> response = api.send("GET", "/v1/videos/" + task, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(MISSING_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc", "sk-test-123"})
    void nonBearerOrEmptyAuthorizationIsTreatedAsMissing(String authorization) {
        HttpResponse<String> response = api.send("GET", "/v1/videos/" + task, authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(MISSING_KEY);
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertThat(api.send("GET", "/v1/videos/" + task, "bearer " + key).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownKeyIs401InvalidApiKeyWithTheKeyMasked() {
        HttpResponse<String> response = api.get("/v1/videos/" + task, "sk-abcdefghijklmnopqrstuvwxyz");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"Incorrect API key provided: sk-ab…wxyz.","type":"invalid_request_error",\
                "param":null,"code":"invalid_api_key"}}""");
    }

    @Test
    void shortUnknownKeyIsNotEchoedAtAll() {
        HttpResponse<String> response = api.get("/v1/videos/" + task, "sk-short1");

        assertThat(response.body()).contains("\"Incorrect API key provided: ….\"").doesNotContain("short1");
    }

    @Test
    void absurdlyLongKeyIsRefusedLikeAnyUnknownKey() {
        HttpResponse<String> response = api.get("/v1/videos/" + task, "sk-" + "x".repeat(5000));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
    }

    @Test
    void keyRevokedBeforeFirstUseIsRefused() {
        String revoked = fixtures.apiKey(project);
        fixtures.revokeKey(revoked);

        HttpResponse<String> response = api.get("/v1/videos/" + task, revoked);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
    }

    @Test
    void revocationTakesEffectWithinTheCacheTtl() {
        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);

        fixtures.revokeKey(key);

        // Only an upper bound here; ApiKeyAuthenticatorTest shows the caching itself on a test clock.
        await().atMost(Duration.ofMillis(KEY_CACHE_TTL_MILLIS * 3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/videos/" + task, key).statusCode() == 401);
    }

    @Test
    void keysAndAuthorizationHeadersNeverReachTheLog(CapturedOutput output) {
        String unknown = "sk-never-logged-" + System.nanoTime();

        String served = requestId(api.get("/v1/videos/" + task, key));
        String refused = requestId(api.get("/v1/videos/" + task, unknown));

        // Both requests are fully logged before we look for what must not be there.
        AccessLog.awaitLine(output, served, "GET /v1/videos/\\{video_id} 200 ");
        AccessLog.awaitLine(output, refused, "GET /v1/videos/" + task + " 401 ");
        assertThat(output.getAll()).doesNotContain(key).doesNotContain(unknown)
                .doesNotContainIgnoringCase("authorization");
    }

    @Test
    void refusedAndNotFoundRequestsGetAnAccessLineToo(CapturedOutput output) {
        String refused = requestId(api.get("/v1/videos/" + task, "sk-wrong-key-0000000000000"));
        String notFound = requestId(api.get("/v1/videos/video_nope", key));

        // Refused before any route matched: the raw path. Routed: the template, and the caller's project.
        AccessLog.awaitLine(output, refused, "GET /v1/videos/" + task + " 401 \\d+ms project=-");
        AccessLog.awaitLine(output, notFound, "GET /v1/videos/\\{video_id} 404 \\d+ms project=" + project);
    }

    @Test
    void accessLogLineNamesTheRequestIdAndProject(CapturedOutput output) {
        String served = requestId(api.get("/v1/videos/" + task, key));

        AccessLog.awaitLine(output, served, "GET /v1/videos/\\{video_id} 200 \\d+ms project=" + project);
    }

    private static String requestId(HttpResponse<String> response) {
        return response.headers().firstValue("x-request-id").orElseThrow();
    }
}
