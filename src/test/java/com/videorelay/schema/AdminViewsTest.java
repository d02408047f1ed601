package com.videorelay.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.IntegrationTest;
import com.videorelay.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The psql views for admins (V3), read exactly as the example queries in docs/database.md read them. */
class AdminViewsTest extends IntegrationTest {

    String project;
    long projectId;

    @BeforeEach
    void project() {
        projectId = fixtures.project();
        project = jdbc.sql("select name from projects where id = ?").param(projectId).query(String.class).single();
    }

    @Test
    void taskCountsHasOneRowPerStatusInUseWithItsCount() {
        task("v_q1", "queued", "1 minute", null, null);
        task("v_q2", "queued", "1 minute", null, null);
        task("v_c1", "completed", "1 minute", null, null);
        task("v_f1", "failed", "1 minute", "moderation_blocked", "Blocked.");

        List<Map<String, Object>> rows = jdbc.sql("select status, tasks from task_counts where project = ?")
                .param(project).query().listOfRows();

        assertThat(rows).containsExactly(
                Map.of("status", "completed", "tasks", 1L),
                Map.of("status", "failed", "tasks", 1L),
                Map.of("status", "queued", "tasks", 2L));
    }

    @Test
    void recentFailuresAreTheLastSevenDaysNewestFirst() {
        task("v_old", "failed", "8 days", "timeout", "Too old to be recent.");
        task("v_f2", "failed", "2 hours", "upstream_error", "The provider refused the prompt.");
        task("v_f1", "failed", "5 minutes", "moderation_blocked", "Blocked by moderation.");
        task("v_ok", "completed", "1 minute", null, null);

        List<Map<String, Object>> rows = jdbc.sql("""
                        select id, project, model, error_code, error_message from recent_failures
                         where project = ?""")
                .param(project).query().listOfRows();

        assertThat(rows).containsExactly(
                Map.of("id", id("v_f1"), "project", project, "model", "sora-2",
                        "error_code", "moderation_blocked", "error_message", "Blocked by moderation."),
                Map.of("id", id("v_f2"), "project", project, "model", "sora-2",
                        "error_code", "upstream_error", "error_message", "The provider refused the prompt."));
    }

    @Test
    void unfinishedTasksShowHowLongTheyHaveNotChanged() {
        task("v_new", "in_progress", "2 minutes", null, null);
        task("v_old", "queued", "45 minutes", null, null);
        task("v_done", "completed", "3 hours", null, null);

        List<Map<String, Object>> rows = jdbc.sql("""
                        select id, status, minutes_since_update from unfinished_tasks where project = ?""")
                .param(project).query().listOfRows();

        assertThat(rows).containsExactly(
                Map.of("id", id("v_old"), "status", "queued", "minutes_since_update", 45),
                Map.of("id", id("v_new"), "status", "in_progress", "minutes_since_update", 2));
    }

    @Test
    void stuckTasksTakesTheThresholdInMinutes() {
        task("v_new", "in_progress", "2 minutes", null, null);
        task("v_old", "queued", "45 minutes", null, null);
        task("v_older", "in_progress", "3 hours", null, null);
        task("v_failed", "failed", "3 hours", "timeout", "Timed out.");

        assertThat(stuckIds("select id from stuck_tasks() where project = ?"))
                .containsExactly(id("v_older"), id("v_old"));
        assertThat(stuckIds("select id from stuck_tasks(60) where project = ?")).containsExactly(id("v_older"));
        assertThat(stuckIds("select id from stuck_tasks(1) where project = ?"))
                .containsExactly(id("v_older"), id("v_old"), id("v_new"));
    }

    @Test
    void stuckTasksWorksWithoutTheSchemaOnTheSearchPath() throws SQLException {
        task("v_older", "in_progress", "3 hours", null, null);
        TestDatabase.Settings database = TestDatabase.get();
        // A plain connection, as from psql without options: search_path is the default ("$user", public).
        try (Connection plain = DriverManager.getConnection(database.url(), database.username(), database.password());
             PreparedStatement query = plain.prepareStatement(
                     "select id from videorelay.stuck_tasks(60) where project = ?")) {
            query.setString(1, project);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(id("v_older"));
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void everyViewAndTheFunctionAreCommented() {
        List<String> uncommented = jdbc.sql("""
                        select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = 'videorelay' and c.relkind = 'v'
                           and obj_description(c.oid, 'pg_class') is null""")
                .query(String.class).list();
        assertThat(uncommented).isEmpty();
        assertThat(jdbc.sql("""
                        select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = 'videorelay' and c.relkind = 'v'""")
                .query(Long.class).single()).isEqualTo(5);
        assertThat(jdbc.sql("select obj_description('videorelay.stuck_tasks(integer)'::regprocedure, 'pg_proc')")
                .query(String.class).single()).startsWith("Unfinished tasks");
    }

    @org.junit.jupiter.api.Test
    void overdueTasksListsRelayedTasksNoInstanceReachedInTime() {
        String late = id("late");
        String fine = id("fine");
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, submission_state, upstream_video_id, next_sync_at)
                values (?, ?, 'sora-2', 'in_progress', 'accepted', 'up_late', now() - interval '5 minutes'),
                       (?, ?, 'sora-2', 'in_progress', 'accepted', 'up_fine', now() + interval '5 seconds')""")
                .params(late, projectId, fine, projectId).update();

        assertThat(jdbc.sql("select id || ' ' || minutes_overdue from overdue_tasks where project = ?")
                .param(project).query(String.class).list()).containsExactly(late + " 5");
    }

    private List<String> stuckIds(String sql) {
        return jdbc.sql(sql).param(project).query(String.class).list();
    }

    /** Ids are unique per test run: the database is shared by every test class. */
    private String id(String name) {
        return name + "_" + projectId;
    }

    /** A task whose last change was {@code age} ago (an interval such as '45 minutes'). */
    private void task(String name, String status, String age, String errorCode, String errorMessage) {
        jdbc.sql("""
                        insert into video_tasks (id, project_id, model, status, error_code, error_message,
                                                 created_at, updated_at)
                        values (?, ?, 'sora-2', ?, ?, ?, now() - ?::interval - interval '1 minute', now() - ?::interval)
                        """)
                .params(id(name), projectId, status, errorCode, errorMessage, age, age)
                .update();
    }
}
