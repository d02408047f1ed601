package com.videorelay.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.Fixtures;
import com.videorelay.support.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tasks leave the table 30 days (the default) after they stopped mattering. The retention module needs no
 * other module, so it starts alone: its own beans, the database and the schema.
 */
@ApplicationModuleTest
class RetentionJobTest {

    @Autowired
    RetentionJob job;
    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Settings database = TestDatabase.get();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "2");
    }

    @Test
    void purgesExpiredDeletedAndLongFinishedTasksAndNothingElse() {
        Fixtures fixtures = new Fixtures(jdbc);
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

    @Test
    void storedVideosGoAsSoonAsTheyExpireNotRetentionKeepLater() {
        String expired = "projects/p/locations/l/publishers/google/models/m/operations/expired-" + System.nanoTime();
        String current = "projects/p/locations/l/publishers/google/models/m/operations/current-" + System.nanoTime();
        storedVideo(expired, "now() - interval '1 minute'");
        storedVideo(current, "now() + interval '1 hour'");

        job.purge();

        assertThat(jdbc.sql("select upstream_video_id from stored_videos where upstream_video_id in (?, ?)")
                .params(expired, current).query(String.class).list()).containsExactly(current);
    }

    private void storedVideo(String operation, String expiresAt) {
        jdbc.sql("insert into stored_videos (upstream_name, upstream_video_id, content_type, size, sha256, content, expires_at) "
                        + "values ('vertex-test', ?, 'video/mp4', 3, repeat('0', 64), '\\x010203'::bytea, " + expiresAt + ")")
                .param(operation).update();
    }

    private String task(long project, String status, String set) {
        String id = new Fixtures(jdbc).task(project, status);
        jdbc.sql("update video_tasks set " + set + " where id = ?").param(id).update();
        return id;
    }
}
