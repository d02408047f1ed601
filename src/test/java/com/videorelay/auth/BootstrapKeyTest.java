package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.videorelay.support.Fixtures;
import com.videorelay.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

/** VIDEORELAY_BOOTSTRAP_KEY: the key a fresh deployment starts with, created once at server start. */
@TestPropertySource(properties = {
        "videorelay.bootstrap.key=" + BootstrapKeyTest.KEY,
        "videorelay.bootstrap.project=" + BootstrapKeyTest.PROJECT,
        // A second context beside IntegrationTest's: a small pool keeps the suite well under max_connections.
        "spring.datasource.hikari.maximum-pool-size=4"})
@ExtendWith(OutputCaptureExtension.class)
class BootstrapKeyTest extends IntegrationTest {

    static final String KEY = "sk-bootstrap-0123456789abcdef0123456789abcdef";
    static final String PROJECT = "bootstrap-test";

    @Test
    void theServerCreatedTheKeyAtStartStoringOnlyItsHashAndHint() {
        List<Map<String, Object>> rows = jdbc.sql("""
                        select p.name as project, k.name, k.key_hash, k.key_hint, k.revoked_at is null as active
                          from api_keys k join projects p on p.id = k.project_id where k.key_hash = ?""")
                .param(Fixtures.sha256Hex(KEY)).query().listOfRows();

        assertThat(rows).containsExactly(Map.of("project", PROJECT, "name", "bootstrap",
                "key_hash", Fixtures.sha256Hex(KEY), "key_hint", "sk-bo…cdef", "active", true));
    }

    @Test
    void theKeyAuthenticatesOnTheApi() {
        // 404 video_not_found, not 401: the key was accepted and the lookup ran in its project.
        HttpResponse<String> response = api.get("/v1/videos/video_unknown", KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"video_not_found\"");
    }

    @Test
    void aRestartFindsTheKeyAndAddsNothing(CapturedOutput output) {
        BootstrapKey restarted = new BootstrapKey(jdbc, new BootstrapProperties(KEY, PROJECT));

        assertThat(restarted.ensure()).isEqualTo(BootstrapKey.Outcome.PRESENT);
        assertThat(keysWithHash(KEY)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from projects where name = ?").param(PROJECT).query(Long.class).single())
                .isEqualTo(1);
        assertThat(output.getAll()).contains("The bootstrap API key sk-bo…cdef").doesNotContain(KEY);
    }

    @Test
    void replicasStartingTogetherCreateOneKeyAndOneProject() throws Exception {
        String key = "sk-bootstrap-race-" + "x".repeat(30);
        String project = "bootstrap-race";
        Callable<BootstrapKey.Outcome> replica = () -> new BootstrapKey(jdbc, new BootstrapProperties(key, project)).ensure();

        List<BootstrapKey.Outcome> outcomes;
        try (ExecutorService replicas = Executors.newFixedThreadPool(4)) {
            outcomes = replicas.invokeAll(List.of(replica, replica, replica, replica)).stream().map(BootstrapKeyTest::get).toList();
        }

        assertThat(outcomes).containsOnlyOnce(BootstrapKey.Outcome.CREATED)
                .containsOnly(BootstrapKey.Outcome.CREATED, BootstrapKey.Outcome.PRESENT);
        assertThat(keysWithHash(key)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from projects where name = ?").param(project).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aRevokedBootstrapKeyStaysRevoked() {
        String key = "sk-bootstrap-revoked-" + "y".repeat(30);
        BootstrapKey bootstrap = new BootstrapKey(jdbc, new BootstrapProperties(key, "bootstrap-revoked"));
        assertThat(bootstrap.ensure()).isEqualTo(BootstrapKey.Outcome.CREATED);
        fixtures.revokeKey(key);

        assertThat(bootstrap.ensure()).isEqualTo(BootstrapKey.Outcome.REVOKED);
        assertThat(jdbc.sql("select count(*) from api_keys where key_hash = ? and revoked_at is not null")
                .param(Fixtures.sha256Hex(key)).query(Long.class).single()).isEqualTo(1);
        assertThat(keysWithHash(key)).isEqualTo(1);
    }

    @Test
    void unsetDoesNothing() {
        assertThat(new BootstrapKey(jdbc, new BootstrapProperties(null, "default")).ensure())
                .isEqualTo(BootstrapKey.Outcome.NOT_CONFIGURED);
        assertThat(new BootstrapKey(jdbc, new BootstrapProperties("", "default")).ensure())
                .isEqualTo(BootstrapKey.Outcome.NOT_CONFIGURED);
    }

    @Test
    void aShortOrMalformedKeyStopsTheStartWithoutRepeatingIt() {
        assertThatThrownBy(() -> new BootstrapKey(jdbc, new BootstrapProperties("sk-too-short-secret", "default")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VIDEORELAY_BOOTSTRAP_KEY")
                .hasMessageContaining("32 to 256 printable ASCII characters without spaces")
                .hasMessageContaining("has 19 characters")
                .hasMessageNotContaining("sk-too-short-secret");
        String withSpace = "sk-with a space-0123456789abcdef0123456789";
        assertThatThrownBy(() -> new BootstrapKey(jdbc, new BootstrapProperties(withSpace, "default")))
                .hasMessageNotContaining(withSpace);
        assertThatThrownBy(() -> new BootstrapKey(jdbc, new BootstrapProperties(KEY, " ")))
                .hasMessageContaining("VIDEORELAY_BOOTSTRAP_PROJECT");
    }

    private long keysWithHash(String key) {
        return jdbc.sql("select count(*) from api_keys where key_hash = ?").param(Fixtures.sha256Hex(key))
                .query(Long.class).single();
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
