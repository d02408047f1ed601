package com.videorelay.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of tests that relay to scripted upstreams: two fakes, tried in this order for {@code sora-2}:
 * {@code fault-primary} (kind openai, priority 10) and {@code fault-secondary} (kind azure, deployment
 * {@code my-sora-deployment}). For {@code sora-2-pro}, {@code fault-refusing} (nothing listens: every
 * connection is refused) comes before {@code fault-secondary}. Timeouts are one second and the sync runs every 100 ms, so faults
 * show quickly. All subclasses share one application context.
 */
@TestPropertySource(properties = {
        "videorelay.sync.tick=100ms",
        "videorelay.sync.min-interval=200ms",
        "videorelay.sync.max-interval=400ms",
        "videorelay.sync.max-backoff=400ms",
})
public abstract class RelayTest extends IntegrationTest {

    public static final String PRIMARY_SECRET = "sk-upstream-primary-secret";
    public static final String SECONDARY_SECRET = "azure-secondary-secret";

    protected static final FakeUpstream PRIMARY = new FakeUpstream();
    protected static final FakeUpstream SECONDARY = new FakeUpstream();

    protected long project;
    protected String key;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        upstream(registry, 0, "fault-primary", "openai", PRIMARY::baseUrl, PRIMARY_SECRET, 10, "sora-2");
        upstream(registry, 1, "fault-secondary", "azure", SECONDARY::baseUrl, SECONDARY_SECRET, 5, "sora-2", "sora-2-pro");
        registry.add("videorelay.upstreams[1].provider-models[0]", () -> "sora-2=my-sora-deployment");
        // Nothing listens there: every call is refused before anything is sent.
        upstream(registry, 2, "fault-refusing", "openai", () -> "http://127.0.0.1:1/v1", "sk-refused", 20, "sora-2-pro");
    }

    private static void upstream(DynamicPropertyRegistry registry, int index, String name, String kind,
                                 java.util.function.Supplier<Object> baseUrl, String secret, int priority,
                                 String... models) {
        String prefix = "videorelay.upstreams[" + index + "].";
        registry.add(prefix + "name", () -> name);
        registry.add(prefix + "kind", () -> kind);
        registry.add(prefix + "base-url", baseUrl);
        registry.add(prefix + "allow-private-addresses", () -> "true");
        registry.add(prefix + "api-key", () -> secret);
        for (int i = 0; i < models.length; i++) {
            String model = models[i];
            registry.add(prefix + "models[" + i + "]", () -> model);
        }
        registry.add(prefix + "priority", () -> priority);
        registry.add(prefix + "connect-timeout", () -> "1s");
        registry.add(prefix + "request-timeout", () -> "1s");
        registry.add(prefix + "content-idle-timeout", () -> "1s");
    }

    @BeforeEach
    void freshUpstreamsAndCaller() {
        PRIMARY.reset();
        SECONDARY.reset();
        project = fixtures.project();
        key = fixtures.apiKey(project);
    }

    /** Earlier tests' tasks must not be synced against the next test's script. */
    @AfterEach
    void stopSyncingThisTestsTasks() {
        jdbc.sql("update video_tasks set next_sync_at = null where project_id = ?").param(project).update();
    }

    protected String createJson(String body) {
        return api.post("/v1/videos", key, "application/json", body).body();
    }
}
