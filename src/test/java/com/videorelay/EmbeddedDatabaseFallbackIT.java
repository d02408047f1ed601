package com.videorelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A machine with a JDK and no PostgreSQL: the packaged jar, with no datasource configured and nothing
 * listening where the local server is looked for, runs on an embedded PostgreSQL whose data lives in
 * one directory. The admin commands find that database with and without the server running, a video is
 * created on the simulator and polled to completion, and everything is still there after a restart.
 */
class EmbeddedDatabaseFallbackIT {

    static final Pattern VIDEO_ID = Pattern.compile("\"id\":\"(video_[0-9a-f]+)\"");

    Path dataDirectory;
    String nobodyListens;
    int port;
    Process server;
    Path serverLog;

    @AfterEach
    void stopServer() throws Exception {
        stop();
    }

    @Test
    void keysVideosAndRestartsWorkOnTheEmbeddedDatabase() throws Exception {
        dataDirectory = Files.createTempDirectory("videorelay-embedded").resolve("postgres");
        nobodyListens = "jdbc:postgresql://127.0.0.1:" + freePort() + "/postgres";
        port = freePort();

        // No server yet: the commands start the embedded database themselves (and stop it again).
        PackagedJarIT.Run migrated = admin("migrate");
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.err()).contains("Database: embedded PostgreSQL 17, data in " + dataDirectory
                + ", started by this process", "Migrated the schema from no version (empty) to version ");
        PackagedJarIT.Run minted = admin("keys", "create", "--project", "laptop");
        assertThat(minted.exitCode()).as(minted.err()).isZero();
        String key = minted.out().strip();
        assertThat(dataDirectory.resolve("postmaster.pid")).as("the command stops what it started").doesNotExist();

        start();
        assertThat(Files.readString(serverLog)).containsPattern(Pattern.quote("Database: embedded PostgreSQL 17, data in "
                + dataDirectory + ", started by this process in ") + "\\d+ ms" + Pattern.quote(
                " (no spring.datasource.url set and nothing answers at " + nobodyListens + ")"));
        // While the server runs, a command joins its database instead of starting another.
        PackagedJarIT.Run second = admin("keys", "create", "--project", "laptop", "--name", "second");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("already running");

        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/v1/videos"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sora-2\",\"prompt\":\"a calm lake\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        Matcher id = VIDEO_ID.matcher(created.body());
        assertThat(id.find()).isTrue();
        String video = id.group(1);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/v1/videos/" + video, key).body().contains("\"status\":\"completed\""));

        stop();
        assertThat(dataDirectory.resolve("postmaster.pid")).as("stopped with the server").doesNotExist();
        start();

        HttpResponse<String> after = get("/v1/videos/" + video, key);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).contains("\"status\":\"completed\"");
        assertThat(get("/v1/videos", second.out().strip()).body()).contains(video);
        PackagedJarIT.Run listed = admin("keys", "list", "--project", "laptop");
        assertThat(listed.out().lines().skip(1)).hasSize(2);
    }

    private void start() throws Exception {
        serverLog = Files.createTempFile("videorelay-embedded", ".log");
        ProcessBuilder builder = new ProcessBuilder(PackagedJarIT.java(), "-jar", PackagedJarIT.JAR.toString(),
                "--spring.profiles.active=simulator")
                .redirectErrorStream(true).redirectOutput(serverLog.toFile());
        environment(builder.environment());
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("VIDEORELAY_SIMULATOR_DURATION", "2s");
        server = builder.start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    assertThat(server.isAlive()).as(() -> log()).isTrue();
                    return get("/actuator/health/readiness", null).statusCode() == 200;
                });
    }

    private void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM: graceful shutdown, then the embedded database stops
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        server = null;
    }

    private String log() {
        try {
            return Files.readString(serverLog);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private PackagedJarIT.Run admin(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PackagedJarIT.java(), "-jar", PackagedJarIT.JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        environment(builder.environment());
        Path out = Files.createTempFile("admin", ".out");
        Path err = Files.createTempFile("admin", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new PackagedJarIT.Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Nothing configured but where to look for a local server (nowhere) and where the data goes. */
    private void environment(Map<String, String> environment) {
        environment.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("VIDEORELAY_"));
        environment.put("VIDEORELAY_LOCALDATABASE_SERVERURL", nobodyListens);
        environment.put("VIDEORELAY_LOCALDATABASE_DATADIRECTORY", dataDirectory.toString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return PackagedJarIT.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
