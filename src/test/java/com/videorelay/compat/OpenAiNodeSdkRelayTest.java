package com.videorelay.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.SimulatorTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * compat/node/relay.mjs: create (JSON and with an uploaded file), poll, download, list in both
 * orders, remix, delete and a failing prompt through the official OpenAI Node SDK, against the
 * gateway relaying to its simulator. Same context as {@link OpenAiJavaSdkRelayTest}.
 */
class OpenAiNodeSdkRelayTest extends SimulatorTest {

    @Test
    void nodeSdkDrivesTheWholeVideosApi() throws Exception {
        OpenAiNodeSdkTest.installSdk();

        OpenAiNodeSdkTest.Result result = OpenAiNodeSdkTest.run(List.of("node", "relay.mjs"), Map.of(
                "VIDEORELAY_BASE_URL", api.baseUrl() + "/v1",
                "VIDEORELAY_KEY", fixtures.apiKey(fixtures.project()),
                "SIMULATOR_MEDIA", Path.of("src/main/resources/simulator").toAbsolutePath().toString()));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok create and poll to completed",
                "ok downloadContent returns the MP4 and the thumbnail", "ok create with an uploaded reference",
                "ok list pages in both orders", "ok remix", "ok delete, then NotFoundError",
                "ok a failing prompt ends failed with its error");
    }
}
