package com.videorelay.compat;

import com.videorelay.task.VideoStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.videorelay.support.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Responses validated against the two contracts this gateway promises: OpenAI's Videos OpenAPI
 * ({@code VideoResource}, {@code ErrorResponse}) and the seed vendor's {@code GET /v1/videos/{task_id}}
 * document. Both are copies of {@code ../shared/reference} in {@code src/test/resources/contract}.
 */
class OpenApiContractTest extends IntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Set<String> VIDEO_KEYS = Set.of("id", "object", "model", "status", "progress", "created_at",
            "completed_at", "expires_at", "prompt", "seconds", "size", "remixed_from_video_id", "error");

    static Schema openAiVideo;
    static Schema openAiError;
    static Schema seedVideo;
    static Schema seedNotFound;

    long project;
    String key;

    @BeforeAll
    static void loadContracts() throws IOException {
        ObjectNode openAi = (ObjectNode) read("/contract/openai-videos-openapi.yaml", YAMLMapper.builder().build());
        // The seed's contract has a fifth status OpenAI's enum lacks: allow exactly that one.
        ObjectNode statuses = (ObjectNode) openAi.at("/components/schemas/VideoStatus");
        ((ArrayNode) statuses.get("enum")).add("cancelled");
        openAiVideo = schemaFor(openAi, "#/components/schemas/VideoResource");
        openAiError = schemaFor(openAi, "#/components/schemas/ErrorResponse");

        JsonNode seed = read("/contract/seed-getvideo-openapi.json", JSON);
        JsonNode responses = seed.at("/paths/~1v1~1videos~1{task_id}/get/responses");
        seedVideo = registry().getSchema(responses.at("/200/content/application~1json/schema"));
        seedNotFound = registry().getSchema(responses.at("/404/content/application~1json/schema"));
    }

    @BeforeEach
    void setUp() {
        project = fixtures.project();
        key = fixtures.apiKey(project);
    }

    @ParameterizedTest
    @ValueSource(strings = {"queued", "in_progress", "completed", "failed", "cancelled"})
    void minimalTaskInEveryStatusValidatesAgainstBothContracts(String status) {
        JsonNode video = retrieve(fixtures.task(project, status));

        assertValid(openAiVideo, video);
        assertValid(seedVideo, video);
        assertThat(new TreeSet<>(video.propertyNames())).containsExactlyInAnyOrderElementsOf(VIDEO_KEYS);
    }

    @Test
    void fullyPopulatedFailedTaskValidatesAgainstBothContracts() {
        String id = "video_contract_failed_" + System.nanoTime();
        fixtures.task(id, project, "sora-2", "failed", 37, "A prompt", "12", "1024x1792", "video_source",
                "content_policy_violation", "Content policy violation", 1760627077L, 1760627863L, 1760714196L);

        JsonNode video = retrieve(id);

        assertValid(openAiVideo, video);
        assertValid(seedVideo, video);
        assertThat(video.get("error").isObject()).isTrue();
        assertThat(video.get("progress").isInt()).isTrue();
        assertThat(video.get("created_at").isIntegralNumber()).isTrue();
        assertThat(video.get("seconds").isString()).isTrue();
    }

    @Test
    void emptyFieldsAreExplicitNullsNotMissingKeys() {
        JsonNode video = retrieve(fixtures.task(project, "queued"));

        for (String nullable : List.of("completed_at", "expires_at", "prompt", "remixed_from_video_id", "error")) {
            assertThat(video.has(nullable)).as(nullable).isTrue();
            assertThat(video.get(nullable).isNull()).as(nullable).isTrue();
        }
    }

    @Test
    void notFoundValidatesAgainstBothErrorContracts() {
        JsonNode body = JSON.readTree(api.get("/v1/videos/video_missing", key).body());

        assertValid(openAiError, body);
        assertValid(seedNotFound, body);
        assertThat(new TreeSet<>(body.get("error").propertyNames()))
                .containsExactlyInAnyOrder("message", "type", "param", "code");
    }

    @Test
    void unauthorizedAndUnknownUrlValidateAgainstOpenAisErrorContract() {
        assertValid(openAiError, JSON.readTree(api.get("/v1/videos/x", "sk-wrong-key-0000000000").body()));
        assertValid(openAiError, JSON.readTree(api.get("/v1/videos/x", null).body()));
        assertValid(openAiError, JSON.readTree(api.get("/v1/nothing/here", key).body()));
    }

    /** Guards the guard: schemas that accepted anything would make every test above pass. */
    @Test
    void contractsRejectWrongTypesUnknownStatusesAndMissingKeys() {
        JsonNode good = retrieve(fixtures.task(project, "queued"));
        assertValid(openAiVideo, good);

        JsonNode progressAsString = with(good, "progress", JSON.getNodeFactory().stringNode("50"));
        assertThat(openAiVideo.validate(progressAsString)).isNotEmpty();
        assertThat(seedVideo.validate(progressAsString)).isNotEmpty();

        JsonNode secondsAsNumber = with(good, "seconds", JSON.getNodeFactory().numberNode(8));
        assertThat(openAiVideo.validate(secondsAsNumber)).isNotEmpty();
        assertThat(seedVideo.validate(secondsAsNumber)).isNotEmpty();

        JsonNode unknownStatus = with(good, "status", JSON.getNodeFactory().stringNode("unknown"));
        assertThat(openAiVideo.validate(unknownStatus)).isNotEmpty();

        ObjectNode withoutCompletedAt = (ObjectNode) good.deepCopy();
        withoutCompletedAt.remove("completed_at");
        assertThat(openAiVideo.validate(withoutCompletedAt)).isNotEmpty();

        ObjectNode withoutCreatedAt = (ObjectNode) good.deepCopy();
        withoutCreatedAt.remove("created_at");
        assertThat(seedVideo.validate(withoutCreatedAt)).isNotEmpty();
    }

    private static JsonNode with(JsonNode body, String key, JsonNode value) {
        ObjectNode copy = (ObjectNode) body.deepCopy();
        copy.set(key, value);
        return copy;
    }

    private JsonNode retrieve(String id) {
        var response = api.get("/v1/videos/" + id, key);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void assertValid(Schema schema, JsonNode body) {
        List<Error> errors = schema.validate(body);
        assertThat(errors).as("%s", body).isEmpty();
    }

    /** A 2020-12 schema that is just a $ref into the OpenAPI document's own components. */
    private static Schema schemaFor(ObjectNode openApi, String pointer) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$ref", pointer);
        schema.set("components", openApi.get("components"));
        return registry().getSchema(schema);
    }

    private static SchemaRegistry registry() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    }

    private static JsonNode read(String resource, tools.jackson.databind.ObjectMapper mapper) throws IOException {
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream(resource)) {
            return mapper.readTree(in);
        }
    }
}
