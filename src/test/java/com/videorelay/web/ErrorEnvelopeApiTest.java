package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.AccessLog;
import com.videorelay.support.IntegrationTest;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Every kind of failure answers with OpenAI's envelope: all four keys, the right status, no stack trace. */
@Import(ErrorEnvelopeApiTest.FailingEndpoints.class)
@ExtendWith(OutputCaptureExtension.class)
class ErrorEnvelopeApiTest extends IntegrationTest {

    String key;

    @BeforeEach
    void setUp() {
        key = fixtures.apiKey(fixtures.project());
    }



    /** A GET, with the project's key or none, and the exact status and envelope it must get. */
    record Case(String path, boolean withKey, int status, String body) {
    }

    static Stream<Case> exactAnswers() {
        return Stream.of(
                new Case("/v1/embeddings", true, 404, """
                        {"error":{"message":"Invalid URL (GET /v1/embeddings)","type":"invalid_request_error",\
                        "param":null,"code":"unknown_url"}}"""),
                // Outside the API no key is needed, and the answer is the same.
                new Case("/index.html", false, 404, """
                        {"error":{"message":"Invalid URL (GET /index.html)","type":"invalid_request_error",\
                        "param":null,"code":"unknown_url"}}"""),
                new Case("/v1/test/needs-limit", true, 400, """
                        {"error":{"message":"Missing required parameter: 'limit'.","type":"invalid_request_error",\
                        "param":"limit","code":"missing_required_parameter"}}"""),
                new Case("/v1/test/needs-limit?limit=ten", true, 400, """
                        {"error":{"message":"Invalid value for 'limit'.","type":"invalid_request_error",\
                        "param":"limit","code":"invalid_value"}}"""),
                // A path the firewall rejects, outside /v1/videos/.
                new Case("/v1/models;jsessionid=1", true, 400, """
                        {"error":{"message":"Invalid URL (GET): the path contains characters that are not allowed.",\
                        "type":"invalid_request_error","param":null,"code":"invalid_url"}}"""));
    }

    @ParameterizedTest
    @MethodSource("exactAnswers")
    void answersWithTheExactEnvelope(Case expected) {
        HttpResponse<String> response = api.get(expected.path(), expected.withKey() ? key : null);

        assertThat(response.statusCode()).isEqualTo(expected.status());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(expected.body());
    }

    @Test
    void theErrorPageItselfIsJustAnUnknownUrl() {
        HttpResponse<String> response = api.get("/error", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"unknown_url\"");
    }

    @Test
    void wrongMethodIs405WithAllowHeader() {
        HttpResponse<String> response = api.send("PUT", "/v1/videos/video_123", "Bearer " + key);

        assertThat(response.statusCode()).isEqualTo(405);
        // Spring lists the route's methods in no fixed order.
        assertThat(response.headers().firstValue("Allow").orElseThrow().split(", "))
                .containsExactlyInAnyOrder("GET", "DELETE");
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"Method PUT is not allowed for /v1/videos/video_123.",\
                "type":"invalid_request_error","param":null,"code":"method_not_allowed"}}""");
    }

    @Test
    void errorsAreJsonWhateverTheClientAccepts() {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/nothing"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/html").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"error\":{");
    }



    @Test
    void malformedJsonBodyIs400() {
        HttpResponse<String> response = api.post("/v1/test/echo", key, "application/json", "{\"prompt\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"type\":\"invalid_request_error\"", "\"code\":\"invalid_body\"");
    }

    @Test
    void unsupportedContentTypeIs415() {
        HttpResponse<String> response = api.post("/v1/test/echo", key, "text/csv", "a,b");

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("\"code\":\"unsupported_media_type\"");
    }


    @Test
    void pathsTheFirewallRejectsStillAskForTheKeyFirst() {
        HttpResponse<String> videos = api.get("/v1/videos/video_x;y", null);
        HttpResponse<String> doubledSlash = api.get("//v1/videos/video_x", null);
        HttpResponse<String> elsewhere = api.get("/v1/models;y", "sk-wrong-key-000000000000");

        assertThat(videos.statusCode()).isEqualTo(401);
        assertThat(videos.body()).contains("You didn't provide an API key");
        assertThat(doubledSlash.statusCode()).isEqualTo(401);
        assertThat(elsewhere.statusCode()).isEqualTo(401);
        assertThat(elsewhere.body()).contains("\"code\":\"invalid_api_key\"");
    }

    @Test
    void unknownMethodIs405AfterTheKeyCheck() {
        HttpResponse<String> withKey = api.send("FOO", "/v1/videos/video_123", "Bearer " + key);
        HttpResponse<String> withoutKey = api.send("FOO", "/v1/videos/video_123", null);

        assertThat(withKey.statusCode()).isEqualTo(405);
        assertThat(withKey.body()).isEqualTo("""
                {"error":{"message":"Method FOO is not allowed for /v1/videos/video_123.",\
                "type":"invalid_request_error","param":null,"code":"method_not_allowed"}}""");
        assertThat(withoutKey.statusCode()).isEqualTo(401);
    }

    @Test
    void traceRefusedByTheContainerIs405WithItsOwnRequestIdAndLogLine(CapturedOutput output) {
        HttpResponse<String> response = api.send("TRACE", "/v1/videos/video_123", "Bearer " + key);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"Method TRACE is not allowed for /v1/videos/video_123.",\
                "type":"invalid_request_error","param":null,"code":"method_not_allowed"}}""");
        AccessLog.awaitLine(output, requestId, "TRACE /v1/videos/video_123 405 ");
    }

    @Test
    void unexpectedFailureIs500WithRequestIdAndNoStackTrace() {
        HttpResponse<String> response = api.get("/v1/test/boom", key);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"The server had an error while processing your request. Sorry about that! \
                (Please include the request ID %s if you contact support.)","type":"server_error",\
                "param":null,"code":null}}""".formatted(requestId));
        assertThat(response.body()).doesNotContain("IllegalStateException", "secret detail", "at com.");
    }

    @Test
    void requestTomcatRefusesBeforeSpringIsStillAnEnvelopeWithRequestIdAndLogLine(CapturedOutput output) {
        // A NUL byte in the path is refused by the servlet container itself, before any filter.
        HttpResponse<String> response = api.get("/v1/videos/a%00b", key);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(requestId).matches("req_[0-9a-f]{32}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("""
                {"error":{"message":"Invalid request (GET /v1/videos/a%00b): Bad Request.",\
                "type":"invalid_request_error","param":null,"code":null}}""");
        AccessLog.awaitLine(output, requestId, "GET /v1/videos/a%00b 400 ");
    }

    @Test
    void containerRefusalsKeepTheirStatusAndNeverSayNull() throws Exception {
        String unsupportedVersion = raw("GET /v1/videos/video_1 HTTP/2.0\r\nHost: localhost\r\n\r\n");
        String garbage = raw("garbage\r\n\r\n");

        assertThat(unsupportedVersion).startsWith("HTTP/1.1 505").containsPattern("(?i)x-request-id: req_[0-9a-f]{32}")
                .endsWith("""
                        {"error":{"message":"Invalid request (GET /v1/videos/video_1): HTTP Version not supported.",\
                        "type":"invalid_request_error","param":null,"code":null}}""");
        assertThat(garbage).startsWith("HTTP/1.1 400").containsPattern("(?i)x-request-id: req_[0-9a-f]{32}")
                .endsWith("""
                        {"error":{"message":"Invalid request: Bad Request.","type":"invalid_request_error",\
                        "param":null,"code":null}}""");
    }

    /** What HTTP clients refuse to send: written on a plain socket, read until the server closes. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @TestConfiguration
    @RestController
    static class FailingEndpoints {

        @GetMapping("/v1/test/boom")
        String boom() {
            throw new IllegalStateException("secret detail");
        }

        @GetMapping("/v1/test/needs-limit")
        int needsLimit(@RequestParam int limit) {
            return limit;
        }

        @PostMapping("/v1/test/echo")
        EchoBody echo(@RequestBody EchoBody body) {
            return body;
        }

        record EchoBody(String prompt) {
        }
    }
}
