package com.videorelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of tests against the faithful fakes of the second batch of live providers: one MiniMax upstream
 * and one Seedance-on-Ark upstream, configured as an operator would (kind, base-url, api-key; the
 * built-in model catalogue). All subclasses share one application context.
 */
@TestPropertySource(properties = {
        "videorelay.sync.tick=100ms",
        "videorelay.sync.min-interval=200ms",
        "videorelay.sync.max-interval=400ms",
        "videorelay.sync.max-backoff=400ms",
})
public abstract class ProvidersPart2Test extends IntegrationTest {

    public static final String MINIMAX_KEY = "eyJminimax-api-key-for-tests-0123456789";
    public static final String ARK_KEY = "ark-api-key-for-tests-0123456789abcdef";
    public static final byte[] VIDEO = video();

    protected static final MiniMaxFake MINIMAX = new MiniMaxFake(MINIMAX_KEY, VIDEO);
    protected static final ArkFake ARK = new ArkFake(ARK_KEY, VIDEO);

    protected long project;
    protected String key;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("videorelay.upstreams[0].name", () -> "minimax-main");
        registry.add("videorelay.upstreams[0].kind", () -> "minimax");
        registry.add("videorelay.upstreams[0].base-url", MINIMAX::baseUrl);
        registry.add("videorelay.upstreams[0].api-key", () -> MINIMAX_KEY);
        registry.add("videorelay.upstreams[0].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[1].name", () -> "ark-main");
        registry.add("videorelay.upstreams[1].kind", () -> "ark");
        registry.add("videorelay.upstreams[1].base-url", ARK::baseUrl);
        registry.add("videorelay.upstreams[1].api-key", () -> ARK_KEY);
        registry.add("videorelay.upstreams[1].allow-private-addresses", () -> "true");
    }

    private static byte[] video() {
        try (var in = new ClassPathResource("simulator/video.mp4").getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void freshProvidersAndCaller() {
        MINIMAX.reset();
        ARK.reset();
        project = fixtures.project();
        key = fixtures.apiKey(project);
    }

    @AfterEach
    void stopSyncingThisTestsTasks() {
        jdbc.sql("update video_tasks set next_sync_at = null where project_id = ?").param(project).update();
    }

    protected String create(String json) {
        return api.post("/v1/videos", key, "application/json", json).body();
    }

    protected static String idOf(String body) {
        return body.replaceAll("(?s).*\"id\":\"(video_[0-9a-f]{32})\".*", "$1");
    }

    protected String poll(String id) {
        return api.get("/v1/videos/" + id, key).body();
    }

    protected String column(String id, String expression) {
        Object value = jdbc.sql("select (" + expression + ")::text as value from video_tasks where id = ?").param(id).query()
                .singleRow().get("value");
        return value == null ? null : value.toString();
    }

    protected HttpResponse<byte[]> download(String id, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/videos/" + id + "/content"))
                .header("Authorization", "Bearer " + key);
        if (range != null) {
            request.header("Range", range);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
