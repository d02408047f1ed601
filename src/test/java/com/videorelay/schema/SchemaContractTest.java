package com.videorelay.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.videorelay.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The tables admins read and write with psql are a contract: names, types, nullability, defaults
 * and constraints as documented in docs/database.md. This test reads them back from PostgreSQL's catalog
 * after Flyway has run, so any migration that breaks the contract fails here.
 */
class SchemaContractTest extends IntegrationTest {

    record Column(String type, boolean nullable, String defaultValue) {
    }

    @Test
    void projectsTableMatchesTheContract() {
        assertThat(columns("projects")).containsAllEntriesOf(Map.of(
                "id", new Column("bigint", false, null),
                "name", new Column("text", false, null),
                "created_at", new Column("timestamp with time zone", false, "now()")));
        assertThat(identityColumns("projects")).containsExactly("id");
    }

    @Test
    void apiKeysTableMatchesTheContract() {
        assertThat(columns("api_keys")).containsAllEntriesOf(Map.of(
                "id", new Column("bigint", false, null),
                "project_id", new Column("bigint", false, null),
                "name", new Column("text", false, null),
                "key_hash", new Column("text", false, null),
                "created_at", new Column("timestamp with time zone", false, "now()"),
                "revoked_at", new Column("timestamp with time zone", true, null)));
        assertThat(identityColumns("api_keys")).containsExactly("id");
    }

    @Test
    void videoTasksTableMatchesTheContract() {
        Map<String, Column> expected = new java.util.HashMap<>();
        expected.put("id", new Column("text", false, null));
        expected.put("project_id", new Column("bigint", false, null));
        expected.put("model", new Column("text", false, null));
        expected.put("status", new Column("text", false, null));
        expected.put("progress", new Column("integer", false, "0"));
        expected.put("prompt", new Column("text", true, null));
        expected.put("seconds", new Column("text", false, "'4'::text"));
        expected.put("size", new Column("text", false, "'720x1280'::text"));
        expected.put("remixed_from_video_id", new Column("text", true, null));
        expected.put("error_code", new Column("text", true, null));
        expected.put("error_message", new Column("text", true, null));
        expected.put("created_at", new Column("timestamp with time zone", false, "now()"));
        expected.put("completed_at", new Column("timestamp with time zone", true, null));
        expected.put("expires_at", new Column("timestamp with time zone", true, null));
        expected.put("updated_at", new Column("timestamp with time zone", false, "now()"));

        assertThat(columns("video_tasks")).containsAllEntriesOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"projects", "api_keys", "video_tasks"})
    void columnsBeyondTheContractAreNullableOrDefaulted(String table) {
        columns(table).forEach((name, column) ->
                assertThat(column.nullable() || column.defaultValue() != null || isContractColumn(table, name))
                        .as("%s.%s must be nullable or have a default", table, name).isTrue());
    }

    @Test
    void projectLimitsTableMatchesTheContract() {
        assertThat(columns("project_limits")).containsAllEntriesOf(Map.of(
                "project_id", new Column("bigint", false, null),
                "polls_per_second", new Column("integer", true, null),
                "creates_per_minute", new Column("integer", true, null),
                "max_unfinished_tasks", new Column("integer", true, null),
                "video_seconds_per_day", new Column("integer", true, null),
                "updated_at", new Column("timestamp with time zone", false, "now()")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"projects", "api_keys", "video_tasks", "project_limits", "rate_limit_buckets",
            "task_status_counts"})
    void everyTableAndColumnIsCommentedForAdmins(String table) {
        assertThat(jdbc.sql("select obj_description(('videorelay.' || ?)::regclass, 'pg_class')").param(table)
                .query(String.class).single()).isNotBlank();
        List<String> uncommented = jdbc.sql("""
                        select a.attname from pg_attribute a
                         where a.attrelid = ('videorelay.' || ?)::regclass and a.attnum > 0 and not a.attisdropped
                           and col_description(a.attrelid, a.attnum) is null
                        """)
                .param(table).query(String.class).list();

        assertThat(uncommented).as("columns without a comment in %s", table).isEmpty();
    }

    @Test
    void primaryKeysUniquesAndForeignKeysAreInPlace() {
        List<String> constraints = jdbc.sql("""
                        select tc.table_name || ':' || tc.constraint_type || ':' || kcu.column_name
                          from information_schema.table_constraints tc
                          join information_schema.key_column_usage kcu
                            on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
                         where tc.table_schema = 'videorelay'
                        """)
                .query(String.class).list();

        assertThat(constraints).contains(
                "projects:PRIMARY KEY:id", "projects:UNIQUE:name",
                "api_keys:PRIMARY KEY:id", "api_keys:UNIQUE:key_hash", "api_keys:FOREIGN KEY:project_id",
                "video_tasks:PRIMARY KEY:id", "video_tasks:FOREIGN KEY:project_id");
    }

    @Test
    void listingIndexServesKeysetPagesInBothOrders() {
        List<String> indexes = jdbc.sql("select indexdef from pg_indexes where schemaname = 'videorelay' "
                + "and tablename = 'video_tasks'").query(String.class).list();

        assertThat(indexes).anySatisfy(definition ->
                assertThat(definition).endsWith("(project_id, created_at, id)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "running", "QUEUED", "succeeded", ""})
    void statusOutsideTheFiveIsRefusedByTheDatabase(String status) {
        long project = fixtures.project();

        assertThatThrownBy(() -> fixtures.task(project, status))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("video_tasks_status_is_known");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 101})
    void progressOutsideZeroToHundredIsRefused(int progress) {
        long project = fixtures.project();

        assertThatThrownBy(() -> fixtures.task("video_progress_" + progress, project, "sora-2", "in_progress",
                progress, null, "4", "720x1280", null, null, null, 1760627077L, null, null))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("video_tasks_progress_is_percentage");
    }

    @Test
    void idsTheApiCouldNeverServeAreRefused() {
        long project = fixtures.project();

        assertThatThrownBy(() -> fixtures.task("video/../x", project, "sora-2", "queued", 0, null, "4", "720x1280",
                null, null, null, 1760627077L, null, null))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("video_tasks_id_is_well_formed");
    }

    @Test
    void keyHashMustBeLowercaseHexSha256() {
        long project = fixtures.project();

        assertThatThrownBy(() -> jdbc.sql("insert into api_keys (project_id, name, key_hash) values (?, 'x', ?)")
                .params(project, "sk-plain-text-key").update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("api_keys_key_hash_is_sha256_hex");
    }

    @Test
    void keyHashIsTheSha256OfTheKeyAsPostgresComputesIt() {
        // Admins can mint a key by hand: insert encode(sha256(...)) in psql, and the gateway accepts it.
        long project = fixtures.project();
        String key = "sk-hand-made-" + System.nanoTime();
        jdbc.sql("insert into api_keys (project_id, name, key_hash) "
                        + "values (?, 'by hand', encode(sha256(convert_to(?, 'UTF8')), 'hex'))")
                .params(project, key).update();
        String task = fixtures.task(project, "queued");

        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);
    }

    @Test
    void updatedAtFollowsEveryUpdateIncludingManualFixes() {
        String task = fixtures.task(fixtures.project(), "in_progress");
        jdbc.sql("update video_tasks set updated_at = now() - interval '1 day' where id = ?").param(task).update();

        jdbc.sql("update video_tasks set status = 'failed', error_code = 'fixed_by_admin' where id = ?")
                .param(task).update();

        OffsetDateTime updatedAt = jdbc.sql("select updated_at from video_tasks where id = ?").param(task)
                .query(OffsetDateTime.class).single();
        assertThat(updatedAt).isAfter(OffsetDateTime.now().minusMinutes(5));
    }

    @Test
    void updatedAtIgnoresTheSyncsBookkeepingSoStuckTasksShow() {
        String task = fixtures.task(fixtures.project(), "in_progress");
        jdbc.sql("update video_tasks set updated_at = timestamptz '2026-01-01 00:00:00+00' where id = ?")
                .param(task).update();

        jdbc.sql("""
                update video_tasks set next_sync_at = now(), last_synced_at = now(), sync_failures = 2,
                       last_sync_error = 'TIMEOUT', leased_by = 'x', leased_until = now() where id = ?""")
                .param(task).update();
        OffsetDateTime afterBookkeeping = jdbc.sql("select updated_at from video_tasks where id = ?").param(task)
                .query(OffsetDateTime.class).single();
        jdbc.sql("update video_tasks set progress = 40 where id = ?").param(task).update();
        OffsetDateTime afterProgress = jdbc.sql("select updated_at from video_tasks where id = ?").param(task)
                .query(OffsetDateTime.class).single();

        assertThat(afterBookkeeping).isEqualTo(OffsetDateTime.parse("2026-01-01T00:00:00Z"));
        assertThat(afterProgress).isAfter(OffsetDateTime.now().minusMinutes(5));
    }

    @Test
    void flywayOwnsTheSchemaAndKeepsItsHistoryThere() {
        List<String> applied = jdbc.sql("select script from videorelay.flyway_schema_history where success and version is not null "
                + "order by installed_rank").query(String.class).list();

        assertThat(applied).first().asString().startsWith("V1__");
    }

    private Map<String, Column> columns(String table) {
        return jdbc.sql("""
                        select column_name, data_type, is_nullable = 'YES' as nullable, column_default
                          from information_schema.columns
                         where table_schema = 'videorelay' and table_name = ?
                        """)
                .param(table)
                .query((row, n) -> Map.entry(row.getString("column_name"), new Column(row.getString("data_type"),
                        row.getBoolean("nullable"), row.getString("column_default"))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private List<String> identityColumns(String table) {
        return jdbc.sql("select column_name from information_schema.columns where table_schema = 'videorelay' "
                + "and table_name = ? and is_identity = 'YES'").param(table).query(String.class).list();
    }

    private static boolean isContractColumn(String table, String column) {
        return switch (table) {
            case "projects" -> List.of("id", "name", "created_at").contains(column);
            case "api_keys" -> List.of("id", "project_id", "name", "key_hash", "created_at").contains(column);
            default -> List.of("id", "project_id", "model", "status").contains(column);
        };
    }
}
