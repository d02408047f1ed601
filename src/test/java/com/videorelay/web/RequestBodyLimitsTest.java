package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.MultipartForm;
import com.videorelay.support.RawHttp;
import com.videorelay.support.RelayTest;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 12, findings 5, 6 and 7: limits on what a request body may be, and how slowly it may come. */
class RequestBodyLimitsTest extends RelayTest {

    static final int DEFAULT_MAX = 4 * 1024 * 1024;
    static final String TOO_LARGE = "{\"error\":{\"message\":\"The request body is too large: at most " + DEFAULT_MAX
            + " bytes are accepted.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"request_too_large\"}}";

    static String jsonOfSize(int size) {
        String head = "{\"prompt\":\"";
        return head + "x".repeat(size - head.length() - 2) + "\"}";
    }

    @Test
    void aDeclaredContentLengthOverTheLimitIs413BeforeReading() {
        // Only the headers are sent: the answer must come without the body, and sending 4 MB into a
        // connection the server is closing made the client lose the answer now and then.
        RawHttp.Response response = RawHttp.exchange(port, "POST /v1/videos HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + key + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (DEFAULT_MAX + 1), null);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(TOO_LARGE);
        assertThat(PRIMARY.requests("POST", "/videos")).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WhileReading() {
        byte[] body = jsonOfSize(DEFAULT_MAX + 1).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/videos"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(TOO_LARGE);
        assertThat(PRIMARY.requests("POST", "/videos")).isEmpty();
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        // Read in full and judged on its content (the prompt is too long), not refused for its size.
        HttpResponse<String> response = api.post("/v1/videos", key, "application/json", jsonOfSize(DEFAULT_MAX));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"param\":\"prompt\",\"code\":\"string_above_max_length\"");
    }

    @Test
    void aBodyTricklingInIsCutOffAfterTheReadTimeoutWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/videos HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.UTF_8));
            out.flush();
            long started = System.nanoTime();
            // One byte every 500 ms: the 100 bytes would take 50 s. The suite's body-read-timeout is 3 s.
            Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 99; i++) {
                        Thread.sleep(500);
                        out.write(' ');
                        out.flush();
                    }
                } catch (Exception closedByServer) {
                    // expected: the server gave up on us
                }
            });
            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"The request body was not received in "
                    + "time.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"request_timeout\"}}");
            // Generous: 3 s deadline plus one trickle interval, far below the 50 s the client would take.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void aSixHundredCharacterFilenameIsAccepted() {
        PRIMARY.on("POST /videos", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_long_name", "queued", 0)));
        String filename = "f".repeat(596) + ".png";
        MultipartForm form = new MultipartForm().field("prompt", "the cat")
                .file("input_reference", filename, "image/png", "PNG-BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void absurdlyLongPartHeadersAreA400SayingSoNotA413() {
        MultipartForm form = new MultipartForm().field("prompt", "the cat")
                .file("input_reference", "f".repeat(20_000) + ".png", "image/png", "PNG-BYTES");

        HttpResponse<String> response = api.post("/v1/videos", key, form.contentType(), form.body());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":{\"message\":\"The headers of a part of the multipart body "
                + "are too long: its name, filename or Content-Type is far longer than any file needs.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"part_headers_too_long\"}}");
        assertThat(PRIMARY.requests("POST", "/videos")).isEmpty();
    }
}
