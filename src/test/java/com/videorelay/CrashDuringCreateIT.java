package com.videorelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.Fixtures;
import com.videorelay.support.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway killed (SIGKILL) while an upstream is still answering a create: the task row
 * written before the call survives the crash, stays invisible to clients, and once the submission
 * deadline has passed the restarted gateway marks it failed with submission_interrupted, naming the
 * upstream it was sent to. So the upstream may hold a video, but never one the database has no trace of.
 */
class CrashDuringCreateIT {

    private final FakeUpstream upstream = new FakeUpstream();
    private Process gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
        upstream.close();
    }

    @Test
    void aCreateCutShortByACrashLeavesATraceThatTheRestartedGatewayMarksInterrupted() throws Exception {
        upstream.on("POST /videos", (request, exchange) -> Thread.sleep(60_000)); // accepts, but too slowly
        TestDatabase.Settings database = TestDatabase.get();
        int port = freePort();
        gateway = start(database, port); // also migrates the database
        String key = "sk-crash-" + UUID.randomUUID();
        long project = insertProjectWithKey(database, key);

        CompletableFuture<HttpResponse<String>> create = PackagedJarIT.HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/videos"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"cut short\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(20)).until(() -> !upstream.requests("POST", "/videos").isEmpty());

        gateway.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // the crash: no shutdown hook, no cleanup
        assertThat(create).failsWithin(Duration.ofSeconds(10));

        Map<String, Object> trace = task(database, project);
        assertThat(trace).containsEntry("status", "queued").containsEntry("upstream_name", "crash-fake")
                .containsEntry("upstream_video_id", null).containsEntry("submission_state", "submitting")
                .containsEntry("attempt", "crash-fake none"); // the call was on record before it was sent

        gateway = start(database, port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> "failed".equals(task(database, project).get("status")));
        assertThat(task(database, project)).containsEntry("error_code", "submission_interrupted")
                .containsEntry("submission_state", "interrupted")
                // The provider may have made (and charge for) that video: admins see it as uncertain.
                .containsEntry("attempt", "crash-fake unknown");
        HttpResponse<String> list = PackagedJarIT.HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/videos"))
                        .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("\"data\":[]"); // never shown to a client: it never got the id
    }

    private Process start(TestDatabase.Settings database, int port) throws Exception {
        Path log = Files.createTempFile("videorelay-crash", ".log");
        ProcessBuilder builder = new ProcessBuilder(PackagedJarIT.java(), "-jar", PackagedJarIT.JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", database.url());
        environment.put("SPRING_DATASOURCE_USERNAME", database.username());
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("VIDEORELAY_UPSTREAMS_0_NAME", "crash-fake");
        environment.put("VIDEORELAY_UPSTREAMS_0_KIND", "openai");
        environment.put("VIDEORELAY_UPSTREAMS_0_BASEURL", upstream.baseUrl());
        environment.put("VIDEORELAY_UPSTREAMS_0_APIKEY", "sk-upstream-for-crash-test");
        environment.put("VIDEORELAY_UPSTREAMS_0_MODELS_0", "sora-2");
        environment.put("VIDEORELAY_UPSTREAMS_0_CONNECTTIMEOUT", "1s");
        environment.put("VIDEORELAY_UPSTREAMS_0_REQUESTTIMEOUT", "30s");
        environment.put("VIDEORELAY_SYNC_SUBMISSIONSLACK", "1s");
        environment.put("VIDEORELAY_SYNC_TICK", "200ms");
        builder.environment().putAll(environment);
        Process process = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> PackagedJarIT.HTTP.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        return process;
    }

    /** A project and a key for it, written the way an admin would (only the key's hash is stored). */
    private static long insertProjectWithKey(TestDatabase.Settings database, String key) throws Exception {
        try (Connection connection = connect(database); Statement sql = connection.createStatement();
             ResultSet created = sql.executeQuery("insert into videorelay.projects (name) values ('crash-"
                     + UUID.randomUUID() + "') returning id")) {
            created.next();
            long project = created.getLong(1);
            sql.execute("insert into videorelay.api_keys (project_id, name, key_hash) values (" + project
                    + ", 'crash', '" + Fixtures.sha256Hex(key) + "')");
            return project;
        }
    }

    private static Map<String, Object> task(TestDatabase.Settings database, long project) throws Exception {
        try (Connection connection = connect(database); Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("select status, upstream_name, upstream_video_id, error_code, submission_state, "
                     + "(select a.upstream_name || ' ' || coalesce(a.outcome, 'none') from videorelay.video_task_attempts a "
                     + "where a.task_id = t.id) as attempt from videorelay.video_tasks t where project_id = " + project)) {
            assertThat(row.next()).as("the task row").isTrue();
            Map<String, Object> values = new HashMap<>();
            for (String column : new String[]{"status", "upstream_name", "upstream_video_id", "error_code",
                    "submission_state", "attempt"}) {
                values.put(column, row.getString(column));
            }
            return values;
        }
    }

    private static Connection connect(TestDatabase.Settings database) throws Exception {
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
