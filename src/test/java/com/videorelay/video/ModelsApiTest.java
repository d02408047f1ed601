package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.ProvidersTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** GET /v1/models: OpenAI's list shape, one entry per catalogue model a configured upstream serves. */
class ModelsApiTest extends ProvidersTest {

    @Test
    void listsTheModelsOfTheConfiguredUpstreamsOwnedByTheirProvider() {
        HttpResponse<String> response = api.get("/v1/models", key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"object\":\"list\",\"data\":["
                + model("gen4.5", "runway") + "," + model("veo3.1", "runway") + "," + model("veo3.1_fast", "runway") + ","
                + model("gen4_turbo", "runway") + "," + model("kling-v2-6", "kling") + "," + model("kling-v3", "kling") + ","
                + model("kling-v2-5-turbo", "kling") + "," + model("kling-v2-1-master", "kling") + ","
                + model("gemini-omni-1.1-flash", "gemini") + "," + model("MiniMax-Hailuo-2.3", "minimax") + ","
                + model("MiniMax-Hailuo-2.3-Fast", "minimax") + "," + model("MiniMax-Hailuo-02", "minimax") + ","
                + model("T2V-01", "minimax") + "," + model("T2V-01-Director", "minimax") + ","
                + model("doubao-seedance-2-0-260128", "ark") + "," + model("doubao-seedance-2-0-fast-260128", "ark") + ","
                + model("veo-3.1-generate-001", "vertex") + "," + model("veo-3.1-fast-generate-001", "vertex") + ","
                + model("veo-3.1-lite-generate-001", "vertex") + "," + model(VERTEX_INLINE_MODEL, "vertex") + "]}");
    }

    @Test
    void oneModelOrA404InTheEnvelope() {
        assertThat(api.get("/v1/models/kling-v3", key).body()).isEqualTo(model("kling-v3", "kling"));
        HttpResponse<String> missing = api.get("/v1/models/sora-2", key);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"error\":{\"message\":\"The model 'sora-2' does not exist.\","
                + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}");
        assertThat(api.get("/v1/models", null).statusCode()).isEqualTo(401);
    }

    private static String model(String id, String owner) {
        return "{\"id\":\"" + id + "\",\"object\":\"model\",\"created\":0,\"owned_by\":\"" + owner + "\"}";
    }
}
