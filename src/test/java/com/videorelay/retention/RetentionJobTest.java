package com.videorelay.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 12, finding 12: tasks leave the table 30 days (the default) after they stopped mattering. */
class RetentionJobTest extends IntegrationTest {

    @Autowired
    RetentionJob job;

    @Test
    void purgesExpiredDeletedAndLongFinishedTasksAndNothingElse() {
        long project = fixtures.project();
        String expiredLongAgo = task(project, "completed", "expires_at = now() - interval '31 days'");
        String expiredRecently = task(project, "completed", "expires_at = now() - interval '29 days'");
        String deletedLongAgo = task(project, "completed", "deleted_at = now() - interval '31 days'");
        String deletedButUpstreamDeletePending = task(project, "completed",
                "deleted_at = now() - interval '31 days', next_sync_at = now()");
        String failedLongAgo = task(project, "failed", "completed_at = now() - interval '31 days'");
        String failedRecently = task(project, "failed", "completed_at = now() - interval '2 days'");
        String oldButUnfinished = task(project, "queued", "created_at = now() - interval '90 days'");

        assertThat(job.purge()).isGreaterThanOrEqualTo(3);

        List<String> left = jdbc.sql("select id from video_tasks where project_id = ?").param(project)
                .query(String.class).list();
        assertThat(left).containsExactlyInAnyOrder(expiredRecently, deletedButUpstreamDeletePending, failedRecently,
                oldButUnfinished).doesNotContain(expiredLongAgo, deletedLongAgo, failedLongAgo);
    }

    private String task(long project, String status, String set) {
        String id = fixtures.task(project, status);
        jdbc.sql("update video_tasks set " + set + " where id = ?").param(id).update();
        return id;
    }
}
