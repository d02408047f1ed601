package com.videorelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The artifact users run, exactly as the docs tell them to: {@code java -jar target/videorelay.jar}
 * as the server and as the admin command line, configured only through environment variables.
 * Runs in {@code mvn verify} after the jar is packaged.
 */
class PackagedJarIT {

    static final Path JAR = Path.of("target", "videorelay.jar");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static TestDatabase.Settings database;
    static Process server;
    static Path serverLog;
    static String baseUrl;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void startServer() throws Exception {
        assertThat(JAR).as("run through 'mvn verify' so the jar exists").exists();
        database = TestDatabase.get();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        baseUrl = "http://127.0.0.1:" + port;
        serverLog = Files.createTempFile("videorelay-it", ".log");
        ProcessBuilder builder = new ProcessBuilder(java(), "-jar", JAR.toString())
                .redirectErrorStream(true)
                .redirectOutput(serverLog.toFile());
        builder.environment().putAll(environment());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("VIDEORELAY_AUTH_KEYCACHETTL", "1s");
        server = builder.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy(); // SIGTERM: graceful shutdown
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void mintedKeyServesItsProjectsTasksAndStopsWorkingOnceRevoked() throws Exception {
        Run created = admin("keys", "create", "--project", "jar-test", "--name", "ci");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).matches("sk-vr-[A-Za-z0-9_-]{43}");

        String task = "video_" + "ab".repeat(16);
        try (var connection = DriverManager.getConnection(database.url(), database.username(), database.password());
             PreparedStatement insert = connection.prepareStatement("""
                     insert into videorelay.video_tasks (id, project_id, model, status)
                     select ?, id, 'sora-2', 'in_progress' from videorelay.projects where name = 'jar-test'""")) {
            insert.setString(1, task);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }

        HttpResponse<String> retrieved = get("/v1/videos/" + task, key);
        assertThat(retrieved.statusCode()).isEqualTo(200);
        assertThat(retrieved.body()).startsWith("{\"id\":\"" + task + "\",\"object\":\"video\"");
        assertThat(retrieved.headers().firstValue("x-request-id")).isPresent();

        Run listed = admin("keys", "list", "--project", "jar-test");
        assertThat(listed.exitCode()).isZero();
        assertThat(listed.out()).doesNotContain(key);
        String[] row = listed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+");
        String hint = key.substring(0, 5) + "…" + key.substring(key.length() - 4);
        assertThat(row[0]).matches("\\d+");
        assertThat(row).containsSubsequence("jar-test", "ci", hint);
        String keyId = row[0];

        Run revoked = admin("keys", "revoke", keyId);
        assertThat(revoked.exitCode()).as(revoked.err()).isZero();
        // The server runs with a 1 s key cache TTL, set through the environment as docs/configuration.md shows.
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/v1/videos/" + task, key).statusCode() == 401);

        assertThat(Files.readString(serverLog)).doesNotContain(key);
    }

    @Test
    void serverStartsFromTheContextPreparedAtBuildTime() throws Exception {
        // Configured through run-time settings only (database, port, a videorelay.* setting), so
        // PreparedContext lets Spring use the bean definitions generated at build time.
        assertThat(Files.readString(serverLog)).contains("Starting AOT-processed VideoRelayApplication")
                .doesNotContain("Starting without the context prepared at build time");
    }

    @Test
    void standardOutputCarriesOnlyTheKeyEvenWithVerboseLogging() throws Exception {
        Run created = admin("keys", "create", "--project", "jar-verbose", "--logging.level.root=INFO");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).matches("sk-vr-[A-Za-z0-9_-]{43}\\R");
        assertThat(created.err()).contains("INFO");
    }

    @Test
    void adminCommandFailuresExitNonZero() throws Exception {
        assertThat(admin("keys", "revoke", "424242").exitCode()).isEqualTo(1);
        assertThat(admin("keys", "frobnicate").exitCode()).isEqualTo(2);
        assertThat(admin("keys", "list", "--projet=acme").exitCode()).isEqualTo(2);
        assertThat(admin("help").exitCode()).isZero();
    }

    @Test
    void unreachableDatabaseIsOneClearLineAndExitCode1() throws Exception {
        Run run = admin(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:1/none"), "keys", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Error: could not start: Connection to 127.0.0.1:1 refused")
                .doesNotContain("\tat ");
        assertThat(run.err()).contains("(java.net.ConnectException: Connection refused)");
    }

    @Test
    void withoutAnAdminTokenConfiguredMetricsAreClosedToEveryone() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus", "anything-at-all-0123456789abcdef");

        assertThat(metrics.statusCode()).isEqualTo(403);
        assertThat(metrics.body()).startsWith("{\"error\":{\"message\":\"Only health is public on this gateway")
                .contains("\"code\":\"admin_token_not_configured\"");
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aTooShortBootstrapKeyStopsTheServerWithAClearMessageThatDoesNotRepeatIt() throws Exception {
        String shortKey = "sk-short-secret-1234";
        Run run = admin(Map.of("VIDEORELAY_BOOTSTRAP_KEY", shortKey, "SERVER_PORT", "0")); // no command: the server

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out() + run.err()).contains("VIDEORELAY_BOOTSTRAP_KEY (videorelay.bootstrap.key) must be 32 to 256")
                .doesNotContain(shortKey);
    }

    static Run admin(String... args) throws IOException, InterruptedException {
        return admin(Map.of(), args);
    }

    static Run admin(Map<String, String> overrides, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment());
        builder.environment().putAll(overrides);
        Path out = Files.createTempFile("admin", ".out");
        Path err = Files.createTempFile("admin", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> environment() {
        return Map.of(
                "SPRING_DATASOURCE_URL", database.url(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password());
    }

    /** The JDK running the tests (the build's JDK 25), whatever "java" is on the PATH. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
