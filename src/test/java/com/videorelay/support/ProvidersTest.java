package com.videorelay.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of tests against the live providers' faithful fakes: one Runway, Kling, Gemini, MiniMax and Ark upstream each,
 * configured as an operator would (kind, base-url, credentials; the built-in model catalogue), and two
 * Vertex upstreams: {@code vertex-main} writes results to a bucket (storage-uri), {@code vertex-inline} gets
 * them inline and serves the test model {@value #VERTEX_INLINE_MODEL}. All subclasses share one application context.
 */
@TestPropertySource(properties = {
        "videorelay.sync.tick=100ms",
        "videorelay.sync.min-interval=200ms",
        "videorelay.sync.max-interval=400ms",
        "videorelay.sync.max-backoff=400ms",
})
public abstract class ProvidersTest extends IntegrationTest {

    public static final String RUNWAY_SECRET = "key_runway-secret-for-tests-0123456789";
    public static final String KLING_ACCESS_KEY = "ak-kling-access-for-tests";
    public static final String KLING_SECRET_KEY = "sk-kling-secret-for-tests-0123456789abcdef";
    public static final String GEMINI_KEY = "gemini-key-for-tests-0123456789";
    public static final String MINIMAX_KEY = "eyJminimax-api-key-for-tests-0123456789";
    public static final String ARK_KEY = "ark-api-key-for-tests-0123456789abcdef";
    public static final String VERTEX_BUCKET = "gs://vr-test-bucket/videorelay/";
    /** A catalogue entry of the test configuration, served only by the Vertex upstream without storage-uri. */
    public static final String VERTEX_INLINE_MODEL = "veo-inline-test";
    public static final byte[] VIDEO = video();

    protected static final RunwayFake RUNWAY = new RunwayFake(RUNWAY_SECRET, VIDEO);
    protected static final KlingFake KLING = new KlingFake(KLING_ACCESS_KEY, KLING_SECRET_KEY, VIDEO);
    protected static final GeminiFake GEMINI = new GeminiFake(GEMINI_KEY, VIDEO);
    protected static final MiniMaxFake MINIMAX = new MiniMaxFake(MINIMAX_KEY, VIDEO);
    protected static final ArkFake ARK = new ArkFake(ARK_KEY, VIDEO);
    protected static final VertexFake VERTEX = new VertexFake(VIDEO);

    protected long project;
    protected String key;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("videorelay.upstreams[0].name", () -> "runway-main");
        registry.add("videorelay.upstreams[0].kind", () -> "runway");
        registry.add("videorelay.upstreams[0].base-url", RUNWAY::baseUrl);
        registry.add("videorelay.upstreams[0].api-key", () -> RUNWAY_SECRET);
        registry.add("videorelay.upstreams[0].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[1].name", () -> "kling-main");
        registry.add("videorelay.upstreams[1].kind", () -> "kling");
        registry.add("videorelay.upstreams[1].base-url", KLING::baseUrl);
        registry.add("videorelay.upstreams[1].api-key", () -> KLING_ACCESS_KEY);
        registry.add("videorelay.upstreams[1].secret-key", () -> KLING_SECRET_KEY);
        registry.add("videorelay.upstreams[1].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[1].request-timeout", () -> "1s");
        registry.add("videorelay.upstreams[2].name", () -> "gemini-main");
        registry.add("videorelay.upstreams[2].kind", () -> "gemini");
        registry.add("videorelay.upstreams[2].base-url", GEMINI::baseUrl);
        registry.add("videorelay.upstreams[2].api-key", () -> GEMINI_KEY);
        registry.add("videorelay.upstreams[2].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[3].name", () -> "minimax-main");
        registry.add("videorelay.upstreams[3].kind", () -> "minimax");
        registry.add("videorelay.upstreams[3].base-url", MINIMAX::baseUrl);
        registry.add("videorelay.upstreams[3].api-key", () -> MINIMAX_KEY);
        registry.add("videorelay.upstreams[3].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[4].name", () -> "ark-main");
        registry.add("videorelay.upstreams[4].kind", () -> "ark");
        registry.add("videorelay.upstreams[4].base-url", ARK::baseUrl);
        registry.add("videorelay.upstreams[4].api-key", () -> ARK_KEY);
        registry.add("videorelay.upstreams[4].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[5].name", () -> "vertex-main");
        registry.add("videorelay.upstreams[5].kind", () -> "vertex");
        registry.add("videorelay.upstreams[5].base-url", VERTEX::baseUrl);
        registry.add("videorelay.upstreams[5].api-key", VERTEX::serviceAccountKey);
        registry.add("videorelay.upstreams[5].storage-uri", () -> VERTEX_BUCKET);
        registry.add("videorelay.upstreams[5].storage-url", VERTEX::baseUrl);
        registry.add("videorelay.upstreams[5].allow-private-addresses", () -> "true");
        registry.add("videorelay.upstreams[6].name", () -> "vertex-inline");
        registry.add("videorelay.upstreams[6].kind", () -> "vertex");
        registry.add("videorelay.upstreams[6].base-url", VERTEX::baseUrl);
        registry.add("videorelay.upstreams[6].api-key", VERTEX::serviceAccountKey);
        registry.add("videorelay.upstreams[6].project", () -> VertexFake.PROJECT);
        registry.add("videorelay.upstreams[6].location", () -> VertexFake.LOCATION);
        registry.add("videorelay.upstreams[6].models[0]", () -> VERTEX_INLINE_MODEL);
        registry.add("videorelay.upstreams[6].provider-models[0]", () -> VERTEX_INLINE_MODEL + "=veo-3.1-fast-generate-001");
        registry.add("videorelay.models[0].name", () -> VERTEX_INLINE_MODEL);
        registry.add("videorelay.models[0].seconds[0]", () -> "4");
        registry.add("videorelay.models[0].seconds[1]", () -> "6");
        registry.add("videorelay.models[0].seconds[2]", () -> "8");
        registry.add("videorelay.models[0].sizes[0]", () -> "1280x720");
        registry.add("videorelay.models[0].sizes[1]", () -> "720x1280");
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
        RUNWAY.reset();
        KLING.reset();
        GEMINI.reset();
        MINIMAX.reset();
        ARK.reset();
        VERTEX.reset();
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

    /** The video's content, with a Range header if {@code range} is not null. */
    protected java.net.http.HttpResponse<byte[]> download(String id, String range) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.baseUrl() + "/v1/videos/" + id + "/content")).header("Authorization", "Bearer " + key);
        if (range != null) {
            request.header("Range", range);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    }
}
