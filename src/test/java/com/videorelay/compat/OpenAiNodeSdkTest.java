package com.videorelay.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.videorelay.support.IntegrationTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code openai} on npm, pinned in compat/node/package.json) against the
 * running gateway: compat/node/retrieve.mjs. Needs node and npm on the PATH (the project's machines
 * and CI have them); elsewhere this test is reported as skipped, never passed.
 */
class OpenAiNodeSdkTest extends IntegrationTest {

    static final Path PROJECT = Path.of("compat", "node");

    @Test
    void nodeSdkRetrievesEveryStatusAndSeesOpenAiErrors() throws Exception {
        installSdk();
        long project = fixtures.project();
        String key = fixtures.apiKey(project);
        String ids = List.of("queued", "in_progress", "completed", "failed", "cancelled").stream()
                .map(status -> status + "=" + task(project, status))
                .collect(Collectors.joining(","));

        Result result = run(List.of("node", "retrieve.mjs"), Map.of(
                "VIDEORELAY_BASE_URL", api.baseUrl() + "/v1",
                "VIDEORELAY_KEY", key,
                "VIDEO_IDS", ids,
                "FOREIGN_ID", fixtures.task(fixtures.project(), "completed")));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(
                "ok retrieve queued", "ok retrieve in_progress", "ok retrieve completed", "ok retrieve failed",
                "ok retrieve cancelled", "ok unknown id is NotFoundError video_not_found",
                "ok foreign id is indistinguishable from unknown", "ok bad key is AuthenticationError invalid_api_key");
    }

    private String task(long project, String status) {
        String id = fixtures.task(project, status);
        if (status.equals("failed")) {
            jdbc.sql("update video_tasks set error_code = 'moderation_blocked', error_message = 'Blocked' where id = ?")
                    .param(id).update();
        }
        return id;
    }

    /** Skips the test where node or npm is missing; installs the pinned SDK on first use. */
    static void installSdk() throws IOException, InterruptedException {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not installed");
        if (!Files.exists(PROJECT.resolve("node_modules/openai/package.json"))) {
            assertThat(run(List.of("npm", "install", "--prefer-offline", "--no-audit", "--no-fund"), Map.of()).exitCode())
                    .as("npm install in compat/node").isZero();
        }
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("node-sdk", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 180 s");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
