package com.videorelay.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.RelayTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The background sync against a scripted upstream: what each answer does to the row clients read,
 * and what happens on faults. Client polls never reach the upstream; only the sync does.
 */
class TaskSyncApiTest extends RelayTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void followsTheUpstreamToCompletedThenNeverAsksAgain() {
        String id = createOnPrimary("up_done");
        AtomicInteger polls = new AtomicInteger();
        PRIMARY.on("GET /videos/{id}", only("up_done", (request, exchange) -> {
            int n = polls.incrementAndGet();
            FakeUpstream.json(exchange, 200, n < 3 ? FakeUpstream.video("up_done", "in_progress", 30 * n) : """
                    {"id":"up_done","object":"video","status":"completed","progress":100,"created_at":1760000000,
                     "completed_at":1760000300,"expires_at":1760086700,"error":null}""");
        }));

        await().atMost(WAIT).until(() -> api.get("/v1/videos/" + id, key).body().contains("\"completed\""));

        HttpResponse<String> done = api.get("/v1/videos/" + id, key);
        assertThat(done.body()).contains("\"progress\":100", "\"completed_at\":1760000300", "\"expires_at\":1760086700");
        assertThat(done.headers().firstValue("openai-poll-after-ms")).isEmpty();
        int pollsWhenDone = polls.get();
        sleep(800);
        assertThat(polls.get()).as("terminal tasks are never polled again").isEqualTo(pollsWhenDone);
        assertThat(column(id, "next_sync_at is null")).isEqualTo(true);
    }

    @Test
    void clientPollsAreServedFromTheDatabaseNotTheUpstream() {
        String id = createOnPrimary("up_busy");
        PRIMARY.on("GET /videos/{id}", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_busy", "in_progress", 10)));
        await().atMost(WAIT).until(() -> !PRIMARY.requests("GET", "/videos/up_busy").isEmpty());
        PRIMARY.on("GET /videos/{id}", (request, exchange) -> Thread.sleep(60_000)); // the upstream hangs now

        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(api.get("/v1/videos/" + id, key).statusCode()).isEqualTo(200);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownStatusIsShownAsInProgressAndAStatusNeverGoesBackwards() throws Exception {
        String id = createOnPrimary("up_moody");
        AtomicInteger polls = new AtomicInteger();
        java.util.concurrent.CountDownLatch secondPoll = new java.util.concurrent.CountDownLatch(1);
        PRIMARY.on("GET /videos/{id}", only("up_moody", (request, exchange) -> {
            int n = polls.incrementAndGet();
            if (n == 2) {
                secondPoll.await(); // holds the task at what the first answer made of it
            }
            FakeUpstream.json(exchange, 200, switch (n) {
                case 1 -> FakeUpstream.video("up_moody", "rendering_on_mars", 5);
                case 2 -> FakeUpstream.video("up_moody", "in_progress", 50);
                default -> FakeUpstream.video("up_moody", "queued", 10);
            });
        }));

        await().atMost(WAIT).until(() -> polls.get() >= 2);
        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"status\":\"in_progress\",\"progress\":5,");
        secondPoll.countDown();
        await().atMost(WAIT).until(() -> polls.get() >= 5);

        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"status\":\"in_progress\",\"progress\":50,");
    }

    @Test
    void aFinishedTaskIsNotAskedAboutEvenIfAnAdminSchedulesIt() {
        String id = createOnPrimary("up_finished");
        PRIMARY.on("GET /videos/{id}", only("up_finished", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_finished", "completed", 100))));
        await().atMost(WAIT).until(() -> api.get("/v1/videos/" + id, key).body().contains("\"completed\""));
        int polls = PRIMARY.requests("GET", "/videos/up_finished").size();

        jdbc.sql("update video_tasks set next_sync_at = now() where id = ?").param(id).update();
        sleep(800);

        assertThat(PRIMARY.requests("GET", "/videos/up_finished")).hasSize(polls);
    }

    @Test
    void failedUpstreamTaskShowsTheUpstreamError() {
        String id = createOnPrimary("up_failed");
        PRIMARY.on("GET /videos/{id}", (request, exchange) -> FakeUpstream.json(exchange, 200, """
                {"id":"up_failed","status":"failed","progress":20,
                 "error":{"code":"moderation_blocked","message":"The prompt was blocked."}}"""));

        await().atMost(WAIT).until(() -> api.get("/v1/videos/" + id, key).body().contains("\"failed\""));

        assertThat(api.get("/v1/videos/" + id, key).body())
                .contains("\"error\":{\"message\":\"The prompt was blocked.\",\"code\":\"moderation_blocked\"}");
    }

    @Test
    void upstreamThatNoLongerKnowsTheTaskFailsItOnTheThirdFailedSyncInARow() {
        String id = createOnPrimary("up_lost");
        // No GET route: the fake answers 404 with OpenAI's envelope.

        await().atMost(WAIT).until(() -> api.get("/v1/videos/" + id, key).body().contains("\"failed\""));

        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"code\":\"upstream_task_lost\"");
        sleep(600);
        assertThat(PRIMARY.requests("GET", "/videos/up_lost")).hasSize(3);
    }

    @Test
    void garbageAnswersAreRetriedWithTheReasonRecordedForAdmins() {
        String id = createOnPrimary("up_garbage");
        AtomicBoolean healthy = new AtomicBoolean(false);
        PRIMARY.on("GET /videos/{id}", (request, exchange) -> {
            if (healthy.get()) {
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_garbage", "completed", 100));
            } else {
                byte[] html = "<html>upstream proxy error</html>".getBytes();
                exchange.sendResponseHeaders(200, html.length);
                exchange.getResponseBody().write(html);
            }
        });

        await().atMost(WAIT).until(() -> (Integer) column(id, "sync_failures") >= 2);
        assertThat((String) column(id, "last_sync_error")).contains("BAD_RESPONSE");
        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"status\":\"queued\"");

        healthy.set(true);
        await().atMost(WAIT).until(() -> api.get("/v1/videos/" + id, key).body().contains("\"completed\""));
        assertThat(column(id, "sync_failures")).isEqualTo(0);
        assertThat(column(id, "last_sync_error")).isNull();
    }

    @Test
    void upstreamPollAfterHeaderSetsTheNextSync() {
        String id = createOnPrimary("up_paced");
        PRIMARY.on("GET /videos/{id}", (request, exchange) -> FakeUpstream.json(exchange, 200,
                FakeUpstream.video("up_paced", "in_progress", 10), Map.of("openai-poll-after-ms", "350")));

        await().atMost(WAIT).until(() -> column(id, "last_synced_at") != null);

        Number gap = (Number) column(id, "round(extract(epoch from next_sync_at - last_synced_at) * 1000)");
        assertThat(gap.longValue()).isBetween(330L, 370L);
        assertThat(api.get("/v1/videos/" + id, key).headers().firstValue("openai-poll-after-ms")).hasValue("1000");
    }

    @Test
    void taskOlderThanTheMaximumAgeFailsWithGenerationTimedOut() {
        String id = createOnPrimary("up_slow");
        PRIMARY.on("GET /videos/{id}", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_slow", "in_progress", 1)));
        jdbc.sql("update video_tasks set created_at = now() - interval '7 hours' where id = ?").param(id).update();

        await().atMost(WAIT).until(() -> api.get("/v1/videos/" + id, key).body().contains("\"failed\""));

        assertThat(api.get("/v1/videos/" + id, key).body()).contains("\"code\":\"generation_timed_out\"");
    }

    @Test
    void submissionInterruptedByACrashIsMarkedFailedAndStaysInvisible() {
        // What a gateway killed mid-create leaves: the row names the upstream it was calling, no upstream id.
        String id = "video_interrupted_" + project;
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, upstream_name, submission_state, next_sync_at)
                values (?, ?, 'sora-2', 'queued', 'fault-primary', 'submitting', now())""").params(id, project).update();

        await().atMost(WAIT).until(() -> "failed".equals(column(id, "status")));

        assertThat(column(id, "error_code")).isEqualTo("submission_interrupted");
        assertThat(api.get("/v1/videos/" + id, key).statusCode()).isEqualTo(404);
    }

    @Test
    void deleteCancelsTheTaskAndDeletesTheUpstreamCopyRetryingUntilItIsGone() {
        String id = createOnPrimary("up_doomed");
        PRIMARY.on("GET /videos/{id}", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_doomed", "in_progress", 40)));
        AtomicInteger deletes = new AtomicInteger();
        PRIMARY.on("DELETE /videos/{id}", (request, exchange) -> {
            if (deletes.incrementAndGet() == 1) {
                FakeUpstream.json(exchange, 503, "{\"error\":{\"message\":\"busy\"}}");
            } else {
                FakeUpstream.json(exchange, 200, "{\"id\":\"up_doomed\",\"object\":\"video.deleted\",\"deleted\":true}");
            }
        });

        assertThat(api.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);

        await().atMost(WAIT).until(() -> (Boolean) column(id, "upstream_deleted_at is not null"));
        assertThat(PRIMARY.requests("DELETE", "/videos/up_doomed")).hasSize(2);
        assertThat(column(id, "status")).isEqualTo("cancelled");
        assertThat(column(id, "next_sync_at")).isNull();
        int polls = PRIMARY.requests("GET", "/videos/up_doomed").size();
        sleep(600);
        assertThat(PRIMARY.requests("GET", "/videos/up_doomed")).hasSize(polls);
        assertThat(api.get("/v1/videos/" + id, key).statusCode()).isEqualTo(404);
    }

    /** Earlier tests' leftover tasks may still be synced: this script answers only for its own task. */
    private static FakeUpstream.Handler only(String upstreamId, FakeUpstream.Handler handler) {
        return (request, exchange) -> {
            if (request.path().startsWith("/videos/" + upstreamId)) {
                handler.handle(request, exchange);
            } else {
                FakeUpstream.json(exchange, 404, "{\"error\":{\"message\":\"not this test's task\"}}");
            }
        };
    }

    @Test
    void aTaskOfAnUpstreamNoLongerConfiguredFailsWithUpstreamRemovedOnceItsGracePeriodIsOver() {
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, upstream_name, upstream_video_id,
                                         submission_state, submitted_at, last_synced_at, next_sync_at)
                values ('video_orphan_old', ?, 'sora-2', 'in_progress', 'removed-upstream', 'up_x', 'accepted',
                        now() - interval '3 hours', now() - interval '2 hours', now() - interval '1 minute'),
                       ('video_orphan_new', ?, 'sora-2', 'in_progress', 'removed-upstream', 'up_y', 'accepted',
                        now() - interval '3 hours', now() - interval '1 minute', now() - interval '5 minutes')""")
                .params(project, project).update();

        await().atMost(WAIT).until(() -> "failed".equals(column("video_orphan_old", "status")));
        assertThat(column("video_orphan_old", "error_code")).isEqualTo("upstream_removed");
        assertThat(api.get("/v1/videos/video_orphan_old", key).body()).contains("\"code\":\"upstream_removed\"");
        // Still within the grace period: put back on the schedule instead of polled forever as overdue.
        await().atMost(WAIT).until(() -> (Boolean) column("video_orphan_new", "next_sync_at > now() and leased_by is null"));
        assertThat(column("video_orphan_new", "status")).isEqualTo("in_progress");
        assertThat(jdbc.sql("select count(*) from overdue_tasks where id like 'video_orphan_%'").query(Long.class).single())
                .isZero();
    }

    @Test
    void everyWayASyncEndsGivesItsCallSlotBack() {
        com.videorelay.provider.Upstream primary = upstreams.byName("fault-primary").orElseThrow();
        String polled = createOnPrimary("up_slot_polled");
        String failing = createOnPrimary("up_slot_failing");
        String lost = createOnPrimary("up_slot_lost");
        String deleted = createOnPrimary("up_slot_deleted");
        PRIMARY.on("GET /videos/up_slot_polled", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video("up_slot_polled", "completed", 100)));
        PRIMARY.on("GET /videos/up_slot_failing", (request, exchange) -> FakeUpstream.json(exchange, 500, "{}"));
        PRIMARY.on("GET /videos/up_slot_lost", (request, exchange) -> FakeUpstream.json(exchange, 404, "{}"));
        PRIMARY.on("DELETE /videos/up_slot_deleted", (request, exchange) -> FakeUpstream.json(exchange, 200, "{}"));
        api.send("DELETE", "/v1/videos/" + deleted, "Bearer " + key);
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, upstream_name, submission_state, next_sync_at)
                values ('video_slot_crashed', ?, 'sora-2', 'queued', 'fault-primary', 'submitting', now())""")
                .param(project).update();
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, upstream_name, upstream_video_id,
                                         submission_state, created_at, next_sync_at)
                values ('video_slot_too_old', ?, 'sora-2', 'queued', 'fault-primary', 'up_old', 'accepted',
                        now() - interval '7 hours', now())""")
                .param(project).update();

        await().atMost(WAIT).until(() -> "completed".equals(column(polled, "status"))
                && (Integer) column(failing, "sync_failures") >= 2
                && "failed".equals(column(lost, "status"))
                && column(deleted, "upstream_deleted_at") != null
                && "failed".equals(column("video_slot_crashed", "status"))
                && "failed".equals(column("video_slot_too_old", "status")));
        jdbc.sql("update video_tasks set next_sync_at = null where project_id = ?").param(project).update();

        await().atMost(WAIT).until(() -> primary.slots().available() == primary.slots().size());
    }

    private String createOnPrimary(String upstreamId) {
        PRIMARY.on("POST /videos", (request, exchange) ->
                FakeUpstream.json(exchange, 200, FakeUpstream.video(upstreamId, "queued", 0)));
        String body = createJson("{\"prompt\":\"test " + upstreamId + "\"}");
        assertThat(body).contains("\"status\":\"queued\"");
        return body.replaceAll(".*\"id\":\"(video_[0-9a-f]{32})\".*", "$1");
    }

    @org.springframework.beans.factory.annotation.Autowired
    private com.videorelay.provider.UpstreamRegistry upstreams;

    private Object column(String id, String expression) {
        // A map keeps a null column value, where singleValue() refuses it.
        return jdbc.sql("select " + expression + " as value from video_tasks where id = ?").param(id).query()
                .singleRow().get("value");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
