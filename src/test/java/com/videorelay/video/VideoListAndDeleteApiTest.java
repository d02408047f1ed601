package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GET /v1/videos (cursor pages over the caller's project) and DELETE /v1/videos/{id}, on plain rows. */
class VideoListAndDeleteApiTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    long project;
    String key;
    /** Five tasks, oldest first, one second apart. */
    List<String> ids;

    @BeforeEach
    void fiveTasks() {
        project = fixtures.project();
        key = fixtures.apiKey(project);
        ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "video_list_" + project + "_" + i;
            fixtures.task(id, project, "sora-2", "completed", 100, "p" + i, "4", "720x1280", null, null, null,
                    1760000000L + i, 1760000100L + i, null);
            ids.add(id);
        }
    }

    @Test
    void pagesNewestFirstByDefaultWithCursorAndHasMore() {
        JsonNode first = list("?limit=2");
        assertThat(idsOf(first)).containsExactly(ids.get(4), ids.get(3));
        assertThat(first.get("object").asString()).isEqualTo("list");
        assertThat(first.get("first_id").asString()).isEqualTo(ids.get(4));
        assertThat(first.get("last_id").asString()).isEqualTo(ids.get(3));
        assertThat(first.get("has_more").asBoolean()).isTrue();

        JsonNode second = list("?limit=2&after=" + ids.get(3));
        assertThat(idsOf(second)).containsExactly(ids.get(2), ids.get(1));
        JsonNode last = list("?limit=2&after=" + ids.get(1));
        assertThat(idsOf(last)).containsExactly(ids.get(0));
        assertThat(last.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void pagesOldestFirstWithOrderAsc() {
        JsonNode first = list("?order=asc&limit=3");
        assertThat(idsOf(first)).containsExactly(ids.get(0), ids.get(1), ids.get(2));
        assertThat(first.get("has_more").asBoolean()).isTrue();
        JsonNode rest = list("?order=asc&limit=3&after=" + ids.get(2));
        assertThat(idsOf(rest)).containsExactly(ids.get(3), ids.get(4));
        assertThat(rest.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void tasksCreatedWithinOneSecondAreOrderedByTheirExactTimeNotTheirId() {
        long busy = fixtures.project();
        String busyKey = fixtures.apiKey(busy);
        // Ids sort the other way round from the creation times, all within the same second.
        for (String[] task : new String[][]{{"video_c", ".100"}, {"video_b", ".200"}, {"video_a", ".300"}}) {
            jdbc.sql("insert into video_tasks (id, project_id, model, status, created_at) "
                            + "values (?, ?, 'sora-2', 'queued', cast(? as timestamptz))")
                    .params(task[0] + busy, busy, "2026-01-01 00:00:00" + task[1] + "+00").update();
        }

        HttpResponse<String> first = api.get("/v1/videos?limit=2", busyKey);
        HttpResponse<String> second = api.get("/v1/videos?limit=2&after=video_b" + busy, busyKey);

        assertThat(idsOf(JSON.readTree(first.body()))).containsExactly("video_a" + busy, "video_b" + busy);
        assertThat(idsOf(JSON.readTree(second.body()))).containsExactly("video_c" + busy);
    }

    @Test
    void afterTheLastIdIsAnEmptyPageNotAnError() {
        // The Java SDK asks for after=<last_id> even when has_more was false.
        HttpResponse<String> response = api.get("/v1/videos?after=" + ids.get(0), key);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("""
                {"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}""");
    }

    @Test
    void listShowsOnlyTheCallersVisibleTasksWithEveryKey() {
        long other = fixtures.project();
        fixtures.task(other, "queued");
        jdbc.sql("update video_tasks set deleted_at = now() where id = ?").param(ids.get(1)).update();
        jdbc.sql("update video_tasks set upstream_name = 'somewhere', submission_state = 'submitting' where id = ?")
                .param(ids.get(2)).update();

        JsonNode page = list("");

        assertThat(idsOf(page)).containsExactly(ids.get(4), ids.get(3), ids.get(0));
        assertThat(page.get("data").get(0).propertyNames()).containsExactly("id", "object", "model", "status",
                "progress", "created_at", "completed_at", "expires_at", "prompt", "seconds", "size",
                "remixed_from_video_id", "error");
    }

    @Test
    void listingGivesItsDatabaseConnectionBack() {
        // A page read as a stream kept its connection; the pool (POOL_SIZE in tests) then ran dry.
        for (int i = 0; i < POOL_SIZE * 3; i++) {
            assertThat(api.get("/v1/videos?limit=2", key).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=ten", "order=newest"})
    void badPagingParametersAre400NamingTheParameter(String query) {
        HttpResponse<String> response = api.get("/v1/videos?" + query, key);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("param").asString()).isEqualTo(query.substring(0, query.indexOf('=')));
        assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void deleteAnswersDeletedThenTheTaskIs404AndTheRowStaysForAdmins() {
        String running = fixtures.task(project, "in_progress");

        HttpResponse<String> deleted = api.send("DELETE", "/v1/videos/" + running, "Bearer " + key);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("""
                {"id":"%s","object":"video.deleted","deleted":true}""".formatted(running));
        assertThat(api.get("/v1/videos/" + running, key).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", "/v1/videos/" + running, "Bearer " + key).statusCode()).isEqualTo(404);
        var row = jdbc.sql("select status, deleted_at is not null as deleted from video_tasks where id = ?")
                .param(running).query().singleRow();
        assertThat(row).containsEntry("status", "cancelled").containsEntry("deleted", true);
    }

    @Test
    void deletingACompletedTaskKeepsItsStatus() {
        api.send("DELETE", "/v1/videos/" + ids.get(0), "Bearer " + key);

        assertThat(jdbc.sql("select status from video_tasks where id = ?").param(ids.get(0)).query(String.class)
                .single()).isEqualTo("completed");
    }

    @Test
    void anotherProjectCannotDeleteTheTask() {
        String otherKey = fixtures.apiKey(fixtures.project());

        HttpResponse<String> response = api.send("DELETE", "/v1/videos/" + ids.get(0), "Bearer " + otherKey);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).get("error").get("code").asString()).isEqualTo("video_not_found");
        assertThat(api.get("/v1/videos/" + ids.get(0), key).statusCode()).isEqualTo(200);
    }

    @Test
    void runningTaskCarriesPollAfterHeaderAndFinishedOneDoesNot() {
        String running = fixtures.task(project, "queued");

        assertThat(api.get("/v1/videos/" + running, key).headers().firstValue("openai-poll-after-ms"))
                .hasValue(Long.toString(VideoService.DEFAULT_POLL_AFTER_MS));
        assertThat(api.get("/v1/videos/" + ids.get(0), key).headers().firstValue("openai-poll-after-ms")).isEmpty();
    }

    private JsonNode list(String query) {
        HttpResponse<String> response = api.get("/v1/videos" + query, key);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> idsOf(JsonNode page) {
        List<String> result = new ArrayList<>();
        page.get("data").forEach(video -> result.add(video.get("id").asString()));
        return result;
    }
}
