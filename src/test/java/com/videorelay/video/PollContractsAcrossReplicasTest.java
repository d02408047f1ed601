package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.Api;
import com.videorelay.support.GatewayInstance;
import com.videorelay.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The contracts the status poll keeps although it answers from memory ({@link PollCache}), checked on
 * two complete gateway instances on one database, as two replicas run: this class's shared context
 * ("here") and a second one ("there"). Every task is polled on both first, so both keep it; then it
 * changes, and both must show the change.
 *
 * <ul>
 *   <li>A deleted task is never served: at once on the replica that deleted it, and on the other as
 *       soon as PostgreSQL's notification arrives, well within 1 s.</li>
 *   <li>Another project's task is never served, kept or not.</li>
 *   <li>A status written by any writer (a replica's sync, an admin by hand) is visible on every
 *       replica within 1 s, the shortest {@code openai-poll-after-ms} the gateway ever gives.</li>
 *   <li>A revoked key stops working on every replica within {@code key-cache-ttl}.</li>
 *   <li>While a replica cannot hear the notifications, it does not answer from memory.</li>
 * </ul>
 * The bounds are contracts of correctness (what a client may rely on), not speed measurements.
 */
class PollContractsAcrossReplicasTest extends IntegrationTest {

    /** The contract's bound: a status is visible everywhere within 1 s (or the hint, never below 1 s). */
    private static final Duration VISIBLE_WITHIN = Duration.ofMillis(VideoService.MIN_POLL_AFTER_MS);

    private static ConfigurableApplicationContext second;
    private static Api there;

    private Api here;
    private long project;
    private String key;

    @BeforeAll
    static void secondReplica() {
        second = GatewayInstance.start(Map.of(
                "videorelay.auth.key-cache-ttl", KEY_CACHE_TTL_MILLIS + "ms",
                "videorelay.limits.polls-per-second", "100000",
                "videorelay.auth.invalid-keys-per-minute", "1000000"));
        there = Api.on(((WebServerApplicationContext) second).getWebServer().getPort());
    }

    @AfterAll
    static void stopSecondReplica() {
        if (second != null) {
            second.close();
        }
    }

    @BeforeEach
    void setUp() {
        here = api;
        project = fixtures.project();
        key = fixtures.apiKey(project);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.getBean(PollCache.class).isListening());
    }

    @Test
    void aTaskDeletedOnOneReplicaIsServedByNeither() {
        String id = fixtures.task(project, "completed");
        pollEverywhere(id, "\"completed\"");

        assertThat(here.send("DELETE", "/v1/videos/" + id, "Bearer " + key).statusCode()).isEqualTo(200);

        assertThat(here.get("/v1/videos/" + id, key).statusCode()).isEqualTo(404); // at once where deleted
        await().atMost(VISIBLE_WITHIN).until(() -> there.get("/v1/videos/" + id, key).statusCode() == 404);
        for (int i = 0; i < 20; i++) { // and it stays gone: nothing re-keeps it
            assertThat(here.get("/v1/videos/" + id, key).statusCode()).isEqualTo(404);
            assertThat(there.get("/v1/videos/" + id, key).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aTaskDeletedByHandOrByRetentionIsServedByNeither() {
        String markedDeleted = fixtures.task(project, "failed");
        String removed = fixtures.task(project, "completed");
        pollEverywhere(markedDeleted, "\"failed\"");
        pollEverywhere(removed, "\"completed\"");

        jdbc.sql("update video_tasks set deleted_at = now() where id = ?").param(markedDeleted).update();
        jdbc.sql("delete from video_tasks where id = ?").param(removed).update();

        for (Api replica : List.of(here, there)) {
            await().atMost(VISIBLE_WITHIN).until(() -> replica.get("/v1/videos/" + markedDeleted, key).statusCode() == 404
                    && replica.get("/v1/videos/" + removed, key).statusCode() == 404);
        }
    }

    @Test
    void anotherProjectsTaskIsNeverServedKeptOrNot() {
        long otherProject = fixtures.project();
        String otherKey = fixtures.apiKey(otherProject);
        String notYetKept = fixtures.task(project, "queued");
        String kept = fixtures.task(project, "completed");
        pollEverywhere(kept, "\"completed\"");

        for (Api replica : List.of(here, there)) {
            for (String id : List.of(notYetKept, kept, notYetKept)) {
                var answer = replica.get("/v1/videos/" + id, otherKey);
                assertThat(answer.statusCode()).isEqualTo(404);
                assertThat(answer.body()).isEqualTo(VideoRetrieveApiTest.NOT_FOUND);
            }
        }
        pollEverywhere(notYetKept, "\"queued\""); // the owner still sees both
        pollEverywhere(kept, "\"completed\"");
    }

    @Test
    void aStatusWrittenByAnyWriterIsVisibleOnEveryReplicaWithinOneSecond() {
        String id = fixtures.task(project, "in_progress");
        pollEverywhere(id, "\"in_progress\"");

        // What a replica's sync writes when the upstream finishes (SyncTaskRepository), in one statement.
        jdbc.sql("""
                update video_tasks set status = 'completed', progress = 100, completed_at = now(),
                                       expires_at = now() + interval '1 day'
                 where id = ?""").param(id).update();

        for (Api replica : List.of(here, there)) {
            await().atMost(VISIBLE_WITHIN).until(() -> replica.get("/v1/videos/" + id, key).body().contains("\"completed\""));
        }
    }

    @Test
    void progressOfARunningTaskIsVisibleEverywhereAndTheHintIsNeverBelowOneSecond() {
        String id = fixtures.task(project, "in_progress");
        jdbc.sql("update video_tasks set next_sync_at = now() + interval '3 seconds' where id = ?").param(id).update();
        pollEverywhere(id, "\"progress\":0");

        jdbc.sql("update video_tasks set progress = 40 where id = ?").param(id).update();

        for (Api replica : List.of(here, there)) {
            await().atMost(VISIBLE_WITHIN).until(() -> replica.get("/v1/videos/" + id, key).body().contains("\"progress\":40"));
            long hint = Long.parseLong(replica.get("/v1/videos/" + id, key).headers()
                    .firstValue(VideoController.POLL_AFTER_HEADER).orElseThrow());
            assertThat(hint).isBetween(VideoService.MIN_POLL_AFTER_MS, 3000L);
        }
    }

    @Test
    void aRevokedKeyStopsOnEveryReplicaWithinTheKeyCacheTtl() {
        String id = fixtures.task(project, "completed");
        pollEverywhere(id, "\"completed\"");

        fixtures.revokeKey(key);

        for (Api replica : List.of(here, there)) {
            await().atMost(Duration.ofMillis(KEY_CACHE_TTL_MILLIS + 500))
                    .until(() -> replica.get("/v1/videos/" + id, key).statusCode() == 401);
        }
    }

    @Test
    void aReplicaThatCannotHearChangesReadsPostgresql() {
        String id = fixtures.task(project, "in_progress");
        pollEverywhere(id, "\"in_progress\"");
        PollCache cache = second.getBean(PollCache.class);

        // Cut every replica's listener connection; they reconnect by themselves.
        jdbc.sql("select pg_terminate_backend(pid) from pg_stat_activity where application_name = ?")
                .param(PollCache.APPLICATION_NAME).query().listOfRows();
        await().atMost(Duration.ofSeconds(5)).until(() -> !cache.isListening());
        jdbc.sql("update video_tasks set status = 'completed', progress = 100 where id = ?").param(id).update();

        assertThat(there.get("/v1/videos/" + id, key).body()).contains("\"completed\"");
        await().atMost(Duration.ofSeconds(10)).until(cache::isListening);
        assertThat(there.get("/v1/videos/" + id, key).body()).contains("\"completed\"");
    }

    /** Polls the task on both replicas, so that both keep it in memory. */
    private void pollEverywhere(String id, String expected) {
        for (Api replica : List.of(here, there)) {
            for (int i = 0; i < 2; i++) {
                var answer = replica.get("/v1/videos/" + id, key);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains(expected);
            }
        }
    }
}
