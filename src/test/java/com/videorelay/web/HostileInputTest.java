package com.videorelay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import com.videorelay.support.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12: thousands of malformed requests, generated from a fixed seed (so a failure can be
 * replayed), sent over raw sockets so nothing is "fixed" by a client library on the way. Whatever
 * comes back: never a 500, every error body is exactly OpenAI's envelope, and no body carries a stack
 * trace, SQL, a Java class name or the API key.
 */
class HostileInputTest extends IntegrationTest {

    static final long SEED = 20261202L;
    static final int REQUESTS = 2000;

    static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS");
    static final List<String> QUERIES = List.of("", "?a=%zz", "?%", "?limit=%00", "?limit=%", "?after=%C3%28",
            "?limit=-1", "?limit=abc", "?limit=99999999999999999999", "?order=sideways", "?after=video_x%27--",
            "?variant=zzz", "?variant=%E2%82", "?&&&==", "?limit=1&limit=2", "?after=" + "a".repeat(3000), "?x=%ff%fe");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=latin1",
            "multipart/form-data; boundary=xyz", "multipart/form-data", "text/plain", "application/x-www-form-urlencoded",
            "", "application/json; boundary=", "*/*");
    static final List<String> BODIES = List.of("", "{", "}", "[]", "null", "\"x\"", "{\"prompt\":1}",
            "{\"prompt\":\"\"}", "{\"prompt\":\"a\",\"seconds\":\"abc\"}", "{\"prompt\":\"a\",\"seconds\":4}",
            "{\"prompt\":\"a\",\"size\":\"1x1\"}", "{\"prompt\":\"a\",\"model\":\"\\u0000\"}",
            "{\"prompt\":\"a\",\"input_reference\":42}", "{\"prompt\":{\"a\":[1,2,{}]}}", "{\"prompt\":\"a\"",
            "{\"prompt\":\"\\ud800\"}", "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}",
            "--xyz\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nx",
            "--xyz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--xyz--\r\n", "prompt=a&seconds=%zz", "\u00ff\u00fe\u0000");
    static final Pattern LEAK = Pattern.compile(
            "\\tat |Exception|java\\.|javax\\.|jakarta\\.|org\\.springframework|org\\.apache|org\\.hibernate|com\\.videorelay"
                    + "|(?i:\\bselect\\b.*\\bfrom\\b)|(?i:\\binsert into\\b)|PSQLException|SQLState|video_tasks|api_keys");

    record Outcome(String request, RawHttp.Response response) {
    }

    @Test
    void malformedRequestsNeverGet500sStackTracesOrAnythingButTheEnvelope() throws Exception {
        long project = fixtures.project();
        String key = fixtures.apiKey(project);
        String task = fixtures.task(project, "completed");
        Random random = new Random(SEED);
        List<String> paths = List.of("/v1/videos", "/v1/videos/", "/v1/videos/" + task, "/v1/videos/" + task + "/content",
                "/v1/videos/" + task + "/remix", "/v1/videos/video_" + "f".repeat(32), "/v1/videos/%zz",
                "/v1/videos/a%2Fb", "/v1/videos/..%2F..", "/v1/videos/x;jsessionid=1", "/v1//videos",
                "/v1/videos/" + "x".repeat(500), "/actuator/health/liveness", "/actuator/health", "/actuator/prometheus",
                "/actuator/env", "/", "/error", "/v1", "/v2/videos", "/v1/videos/%00", "/v1/videos/%C0%AF");
        List<String> authorizations = List.of("", "Authorization: Bearer " + key, "Authorization: Bearer sk-bogus-key-123",
                "Authorization: Bearer ", "Authorization: Basic Zm9vOmJhcg==", "Authorization: bearer " + key,
                "Authorization: Bearer " + "k".repeat(400), "Authorization: Bearer " + key + "x");

        List<String> requests = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String method = pick(random, METHODS);
            String body = method.equals("GET") || method.equals("DELETE") ? "" : pick(random, BODIES);
            byte[] bytes = body.getBytes(random.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            StringBuilder head = new StringBuilder(method + " " + pick(random, paths) + pick(random, QUERIES)
                    + " HTTP/1.1\r\nHost: localhost");
            String authorization = pick(random, authorizations);
            if (!authorization.isEmpty()) {
                head.append("\r\n").append(authorization);
            }
            String contentType = pick(random, CONTENT_TYPES);
            if (!contentType.isEmpty() && !bytes.equals(new byte[0])) {
                head.append("\r\nContent-Type: ").append(contentType);
            }
            if (random.nextInt(10) == 0) {
                head.append("\r\nRange: bytes=").append(random.nextBoolean() ? "9-1" : "abc");
            }
            if (random.nextInt(20) == 0) {
                head.append("\r\nAccept: text/html");
            }
            head.append("\r\nContent-Length: ").append(bytes.length);
            requests.add(head.toString());
            bodies.add(bytes);
        }

        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                sent.add(clients.submit(() -> outcomes.add(new Outcome(requests.get(n),
                        RawHttp.exchange(port, requests.get(n), bodies.get(n))))));
            }
            for (Future<?> done : sent) {
                done.get();
            }
        }

        JsonMapper json = JsonMapper.builder().build();
        assertThat(outcomes).hasSize(REQUESTS).allSatisfy(outcome -> {
            RawHttp.Response response = outcome.response();
            assertThat(response.status()).as(outcome.request()).isBetween(200, 499);
            assertThat(response.body()).as(outcome.request()).doesNotContainPattern(LEAK).doesNotContain(key);
            if (response.status() >= 400) {
                JsonNode envelope = json.readTree(response.body());
                assertThat(envelope.propertyNames()).as(outcome.request()).containsExactly("error");
                assertThat(envelope.get("error").propertyNames()).as(outcome.request())
                        .containsExactly("message", "type", "param", "code");
                assertThat(envelope.get("error").get("message").isString()).isTrue();
            }
        });
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
