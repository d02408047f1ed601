package com.videorelay.admin;

import com.videorelay.VideoRelayApplication;
import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The admin command line never migrates unless told to: against a database its schema is behind, a
 * command refuses with one clear line and leaves the database as it was; {@code migrate} brings it up to
 * date, after which the commands run.
 */
class SchemaGateTest {

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void commandsRefuseAnOldSchemaUntilMigrateIsRun() throws Exception {
        TestDatabase.Settings empty = TestDatabase.createEmpty();

        Result listed = run(empty, "keys", "list");

        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.err()).contains("Error: the database schema is at no version (empty), this VideoRelay needs version ",
                "Run the 'migrate' command first").doesNotContain("\tat ");
        assertThat(tables(empty)).isEmpty();

        Result migrated = run(empty, "migrate");

        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.err()).contains("Migrated the schema from no version (empty) to version ");
        assertThat(tables(empty)).contains("api_keys", "projects", "video_tasks", "flyway_schema_history");

        Result created = run(empty, "keys", "create", "--project", "gate");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).startsWith("sk-vr-");
        Result again = run(empty, "migrate");
        assertThat(again.exitCode()).isZero();
        assertThat(again.err()).contains("The schema is up to date (version ");
    }

    private static Result run(TestDatabase.Settings database, String... command) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password(),
                "--videorelay.sync.enabled=false"));
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = AdminCommandLine.run(VideoRelayApplication.class, args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> tables(TestDatabase.Settings database) throws Exception {
        List<String> names = new ArrayList<>();
        try (var connection = DriverManager.getConnection(database.url(), database.username(), database.password());
             ResultSet rows = connection.createStatement().executeQuery(
                     "select table_name from information_schema.tables where table_schema = 'videorelay'")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
