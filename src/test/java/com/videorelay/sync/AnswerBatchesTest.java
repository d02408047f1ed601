package com.videorelay.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.videorelay.support.IntegrationTest;
import com.videorelay.task.VideoStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

/**
 * The sync writes its answers in batches. Each answer must still land on its own row exactly as a
 * single write would, only while this instance holds the task's lease and the task is unfinished,
 * and each worker must learn whether its own answer was written.
 */
class AnswerBatchesTest extends IntegrationTest {

    private static final String ME = "answers-me";

    @Autowired
    SyncTaskRepository tasks;

    private long project;

    @BeforeEach
    void project() {
        project = jdbc.sql("insert into projects (name) values ('answers-' || gen_random_uuid()) returning id")
                .query(Long.class).single();
    }

    /** An in-progress task nobody syncs (no upstream configured, nothing due), leased by {@code holder}. */
    private String task(String status, String holder) {
        String id = "video_answers_" + java.util.UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, progress, upstream_name, upstream_video_id,
                                         submission_state, submitted_at, leased_by, leased_until, sync_failures,
                                         last_sync_error, result_url)
                values (?, ?, 'sora-2', ?, 10, 'not-configured-here', 'up_1', 'accepted', now(), ?,
                        now() + interval '1 minute', 2, 'earlier failure', 'https://example.test/kept')""")
                .params(id, project, status, holder).update();
        return id;
    }

    private Map<String, Object> row(String id) {
        return jdbc.sql("""
                select status, progress, extract(epoch from completed_at)::bigint as completed_at,
                       extract(epoch from expires_at)::bigint as expires_at, error_code, error_message, result_url,
                       next_sync_at is not null as scheduled,
                       next_sync_at between now() + interval '4 seconds' and now() + interval '6 seconds' as in_five_seconds,
                       leased_by, leased_until, sync_failures, last_sync_error, last_synced_at is not null as synced
                  from video_tasks where id = ?""").param(id).query().singleRow();
    }

    @Test
    void oneStatementWritesEachAnswerToItsOwnRowAndReportsWhichItHeld() {
        String running = task("in_progress", ME);
        String finished = task("queued", ME);
        String failed = task("in_progress", ME);
        String someoneElses = task("in_progress", "another-instance");
        String cancelled = task("cancelled", ME);

        var written = tasks.recordAnswers(List.of(
                new Answer(running, VideoStatus.IN_PROGRESS, 40, null, null, null, null, 5000L, null),
                new Answer(finished, VideoStatus.COMPLETED, 100, 1_800_000_000L, 1_800_086_400L, null, null, null,
                        "https://example.test/result.mp4"),
                new Answer(failed, VideoStatus.FAILED, 10, null, null, "moderation_blocked", "Blocked.", null, null),
                new Answer(someoneElses, VideoStatus.COMPLETED, 100, 1_800_000_000L, null, null, null, null, null),
                new Answer(cancelled, VideoStatus.COMPLETED, 100, 1_800_000_000L, null, null, null, null, null)), ME);

        assertThat(written).containsExactlyInAnyOrder(running, finished, failed);

        Map<String, Object> r = row(running);
        assertThat(r).containsEntry("status", "in_progress").containsEntry("progress", 40)
                .containsEntry("completed_at", null).containsEntry("expires_at", null)
                .containsEntry("error_code", null).containsEntry("result_url", "https://example.test/kept")
                .containsEntry("scheduled", true).containsEntry("in_five_seconds", true)
                .containsEntry("leased_by", null).containsEntry("leased_until", null)
                .containsEntry("sync_failures", 0).containsEntry("last_sync_error", null).containsEntry("synced", true);

        assertThat(row(finished)).containsEntry("status", "completed").containsEntry("progress", 100)
                .containsEntry("completed_at", 1_800_000_000L).containsEntry("expires_at", 1_800_086_400L)
                .containsEntry("result_url", "https://example.test/result.mp4")
                .containsEntry("scheduled", false).containsEntry("leased_by", null);

        assertThat(row(failed)).containsEntry("status", "failed").containsEntry("error_code", "moderation_blocked")
                .containsEntry("error_message", "Blocked.").containsEntry("scheduled", false);

        // Not held here, or already ended: untouched, lease and all.
        assertThat(row(someoneElses)).containsEntry("status", "in_progress").containsEntry("progress", 10)
                .containsEntry("leased_by", "another-instance").containsEntry("sync_failures", 2);
        assertThat(row(cancelled)).containsEntry("status", "cancelled").containsEntry("leased_by", ME)
                .containsEntry("completed_at", null);
    }

    @Test
    void concurrentWorkersEachLearnWhetherTheirOwnAnswerWasWritten() throws Exception {
        AnswerBatches batches = new AnswerBatches(tasks, ME, 4); // smaller than the crowd: several batches
        List<String> held = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            held.add(task("in_progress", ME));
            lost.add(task("in_progress", "another-instance"));
        }
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int progress = 20 + i;
            String mine = held.get(i);
            String theirs = lost.get(i);
            calls.add(() -> batches.record(new Answer(mine, VideoStatus.IN_PROGRESS, progress, null, null, null, null,
                    5000L, null)));
            calls.add(() -> batches.record(new Answer(theirs, VideoStatus.IN_PROGRESS, progress, null, null, null, null,
                    5000L, null)));
        }
        List<Boolean> results = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Boolean> result : workers.invokeAll(calls)) {
                results.add(result.get());
            }
        }
        for (int i = 0; i < 12; i++) {
            assertThat(results.get(2 * i)).as("held answer %d", i).isTrue();
            assertThat(results.get(2 * i + 1)).as("someone else's task %d", i).isFalse();
            assertThat(row(held.get(i))).containsEntry("progress", 20 + i).containsEntry("leased_by", null);
            assertThat(row(lost.get(i))).containsEntry("progress", 10).containsEntry("leased_by", "another-instance");
        }
    }

    @Test
    void whenTheStatementFailsEveryWorkerOfTheBatchSeesTheFailureAndNothingIsWritten() {
        String good = task("in_progress", ME);
        String bad = task("in_progress", ME);

        // progress 101 breaks video_tasks_progress_is_percentage: the statement, and so the batch, fails
        assertThatThrownBy(() -> tasks.recordAnswers(List.of(
                new Answer(good, VideoStatus.IN_PROGRESS, 50, null, null, null, null, 5000L, null),
                new Answer(bad, VideoStatus.IN_PROGRESS, 101, null, null, null, null, 5000L, null)), ME))
                .isInstanceOf(DataAccessException.class);
        assertThat(row(good)).containsEntry("progress", 10).containsEntry("leased_by", ME);

        AnswerBatches batches = new AnswerBatches(tasks, ME, 10);
        assertThatThrownBy(() -> batches.record(
                new Answer(bad, VideoStatus.IN_PROGRESS, 101, null, null, null, null, 5000L, null)))
                .isInstanceOf(DataAccessException.class);
        // The next batch is not poisoned by the failed one.
        assertThat(batches.record(new Answer(good, VideoStatus.IN_PROGRESS, 50, null, null, null, null, 5000L, null)))
                .isTrue();
        assertThat(row(good)).containsEntry("progress", 50).containsEntry("leased_by", null);
    }
}
