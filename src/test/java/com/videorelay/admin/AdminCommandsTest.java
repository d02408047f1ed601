package com.videorelay.admin;

import com.videorelay.VideoRelayApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.Fixtures;
import com.videorelay.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The admin commands against the real database, and the keys they mint against the real API. */
class AdminCommandsTest extends IntegrationTest {

    @Autowired
    AdminCommands commands;

    record Result(int exitCode, String out, String err) {
    }

    @Test
    void keysCreatePrintsOnlyTheKeyAndStoresOnlyItsHash() {
        String project = uniqueName();

        Result result = run("keys", "create", "--project", project, "--name", "ci");

        assertThat(result.exitCode()).isZero();
        String key = result.out().strip();
        assertThat(key).matches("sk-vr-[A-Za-z0-9_-]{43}");
        assertThat(result.err()).contains("for project " + project, "shown only this once");
        Map<String, Object> row = jdbc.sql("""
                        select k.name, k.key_hash, k.key_hint, k.revoked_at from api_keys k
                          join projects p on p.id = k.project_id where p.name = ?""")
                .param(project).query().singleRow();
        assertThat(row).containsEntry("name", "ci").containsEntry("key_hash", Fixtures.sha256Hex(key))
                .containsEntry("key_hint", key.substring(0, 5) + "…" + key.substring(key.length() - 4))
                .containsEntry("revoked_at", null);
        assertThat(row.values()).doesNotContain(key);
    }

    @Test
    void mintedKeyReadsItsProjectsTasksThroughTheApi() {
        String project = uniqueName();
        String key = run("keys", "create", "--project", project).out().strip();
        long projectId = projectId(project);
        String task = fixtures.task(projectId, "in_progress");

        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);
    }

    @Test
    void keysCreateReusesAnExistingProject() {
        String project = uniqueName();
        assertThat(run("projects", "create", project).exitCode()).isZero();

        assertThat(run("keys", "create", "--project=" + project).exitCode()).isZero();
        assertThat(run("keys", "create", "--project", project, "--name", "second").exitCode()).isZero();

        assertThat(jdbc.sql("select count(*) from projects where name = ?").param(project).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from api_keys k join projects p on p.id = k.project_id where p.name = ?")
                .param(project).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void revokedKeyIsRefusedByTheApiWithinTheCacheTtl() {
        String project = uniqueName();
        String key = run("keys", "create", "--project", project).out().strip();
        long projectId = projectId(project);
        String task = fixtures.task(projectId, "queued");
        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);
        long keyId = keyId(key);

        Result revoked = run("keys", "revoke", Long.toString(keyId));

        assertThat(revoked.exitCode()).isZero();
        assertThat(revoked.err()).contains("Revoked API key " + keyId, project);
        assertThat(jdbc.sql("select revoked_at is not null from api_keys where id = ?").param(keyId)
                .query(Boolean.class).single()).isTrue();
        await().atMost(Duration.ofMillis(KEY_CACHE_TTL_MILLIS * 3)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/videos/" + task, key).statusCode() == 401);
    }

    @Test
    void revokingTwiceKeepsTheFirstRevocationTime() {
        String project = uniqueName();
        String key = run("keys", "create", "--project", project).out().strip();
        long keyId = keyId(key);
        run("keys", "revoke", Long.toString(keyId));
        Object first = jdbc.sql("select revoked_at from api_keys where id = ?").param(keyId).query().singleValue();

        assertThat(run("keys", "revoke", Long.toString(keyId)).exitCode()).isZero();
        assertThat(jdbc.sql("select revoked_at from api_keys where id = ?").param(keyId).query().singleValue())
                .isEqualTo(first);
    }

    @Test
    void revokingAnUnknownKeyFailsWithExitCode1() {
        Result result = run("keys", "revoke", "987654321");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No API key with id 987654321.");
    }

    @Test
    void revokeWantsTheKeyIdNotTheKey() {
        Result result = run("keys", "revoke", "sk-vr-abc");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("numeric key id");
    }

    @Test
    void keysListShowsHintsNeverKeys() {
        String project = uniqueName();
        String key = run("keys", "create", "--project", project, "--name", "listed").out().strip();

        Result result = run("keys", "list", "--project", project);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("listed", project, key.substring(0, 5) + "…" + key.substring(key.length() - 4))
                .doesNotContain(key);
        assertThat(result.out().lines()).hasSize(2);
    }

    @Test
    void keysListShowsWhenEachKeyWasCreatedAndRevoked() {
        String project = uniqueName();
        String kept = run("keys", "create", "--project", project, "--name", "kept").out().strip();
        String revoked = run("keys", "create", "--project", project, "--name", "gone").out().strip();
        run("keys", "revoke", Long.toString(keyId(revoked)));
        String createdAt = jdbc.sql("select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z' "
                + "from api_keys where id = ?").param(keyId(revoked)).query(String.class).single();
        String revokedAt = jdbc.sql("select to_char(revoked_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z' "
                + "from api_keys where id = ?").param(keyId(revoked)).query(String.class).single();

        List<String> lines = run("keys", "list", "--project", project).out().lines().toList();

        assertThat(lines.getFirst().split("\\s+")).containsExactly("ID", "PROJECT", "NAME", "KEY", "CREATED", "REVOKED");
        assertThat(lines.get(1)).contains(" kept ", hint(kept)).endsWith(" -");
        assertThat(lines.get(2)).contains(" gone ", hint(revoked), createdAt).endsWith(revokedAt);
    }

    @Test
    void keysCreateSaysWhenItCreatedTheProject() {
        String project = uniqueName();

        assertThat(run("keys", "create", "--project", project).err())
                .contains("Created project " + project + " (there was none by that name).");
        assertThat(run("keys", "create", "--project", project).err()).doesNotContain("Created project");
    }

    @Test
    void creatingAProjectWithABlankNameFails() {
        Result result = run("projects", "create", " ");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("A project name must be 1 to 200 characters and not blank.");
    }

    @Test
    void listingKeysOfAnUnknownProjectFails() {
        Result result = run("keys", "list", "--project", "no-such-project-" + UUID.randomUUID());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("No project named");
    }

    @Test
    void creatingADuplicateProjectFails() {
        String project = uniqueName();
        run("projects", "create", project);

        Result again = run("projects", "create", project);

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(run("projects", "list").out()).contains(project);
    }

    @Test
    void usageErrorsAreCaughtBeforeAnythingStarts() {
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys"}))
                .hasMessageContaining("Missing a command");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "delete", "1"}))
                .hasMessageContaining("Unknown command: keys delete");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "create", "--projct", "x"}))
                .hasMessageContaining("Unknown option: --projct");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "create", "--project"}))
                .hasMessageContaining("--project needs a value");
    }

    @Test
    void limitsSetStoresTheProjectsOwnValuesAndShowMarksThem() {
        long projectId = fixtures.project();
        String project = jdbc.sql("select name from projects where id = ?").param(projectId).query(String.class).single();

        Result set = run("limits", "set", "--project", project, "--creates-per-minute", "10",
                "--video-seconds-per-day", "120");

        assertThat(set.exitCode()).isZero();
        assertThat(jdbc.sql("select creates_per_minute || ' ' || video_seconds_per_day || ' ' "
                + "|| coalesce(polls_per_second::text, 'null') from project_limits where project_id = ?")
                .param(projectId).query(String.class).single()).isEqualTo("10 120 null");
        assertThat(set.out().lines().toList()).hasSize(2);
        assertThat(set.out().lines().skip(1).findFirst().orElseThrow())
                .matches(java.util.regex.Pattern.quote(project) + " +100000 +10\\* +100000 +120\\*");

        Result back = run("limits", "set", "--project", project, "--creates-per-minute", "default");
        assertThat(back.exitCode()).isZero();
        assertThat(run("limits", "show", "--project", project).out()).contains(" 120*").doesNotContain("10*");
    }

    @Test
    void limitsUsageErrors() {
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"limits", "set", "--project", "p"}))
                .hasMessageContaining("needs at least one of");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"limits", "set", "--creates-per-minute", "1"}))
                .hasMessageContaining("limits set needs --project <name>.");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"limits", "set", "--project", "p",
                "--creates-per-minute", "-1"})).hasMessageContaining("takes a whole number");
        assertThat(run("limits", "set", "--project", "no-such-" + UUID.randomUUID(), "--creates-per-minute", "1")
                .exitCode()).isEqualTo(1);
    }

    @Test
    void typosAreUsageErrorsNotSilentlyBroaderCommands() {
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "list", "--projet=acme"}))
                .hasMessageContaining("Unknown option: --projet=acme");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "list", "acme"}))
                .hasMessageContaining("keys list takes no arguments, not: acme");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"projects", "create", "a", "b"}))
                .hasMessageContaining("projects create takes <name>, not: a b");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "revoke"}))
                .hasMessageContaining("keys revoke takes <id>");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "list", "--name", "ci"}))
                .hasMessageContaining("Unknown option: --name");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"projects", "list", "--project", "x"}))
                .hasMessageContaining("Unknown option: --project");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"keys", "create", "--project", "--name"}))
                .hasMessageContaining("--project needs a value");
    }

    @Test
    void keyAddedByHandWithoutHintIsListedWithADash() {
        long projectId = fixtures.project();
        fixtures.apiKey(projectId);
        String project = jdbc.sql("select name from projects where id = ?").param(projectId).query(String.class)
                .single();

        Result result = run("keys", "list", "--project", project);

        assertThat(result.out().lines().skip(1).findFirst().orElseThrow()).contains(" - ").doesNotContain("null");
    }

    @Test
    void missingProjectOptionIsAUsageError() {
        Result result = run("keys", "create", "--name", "x");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("keys create needs --project <name>.", "Usage:");
    }

    @Test
    void springSettingsOnTheCommandLineGoToTheApplication() {
        AdminCommandLine.Invocation invocation = AdminCommandLine.parse(new String[] {
                "keys", "list", "--spring.datasource.url=jdbc:postgresql://db/x", "--project", "acme"});

        assertThat(invocation.springArguments()).containsExactly("--spring.datasource.url=jdbc:postgresql://db/x");
        assertThat(invocation.command().option("project")).isEqualTo("acme");
    }

    @Test
    void onlySettingsStartTheServerAnythingElseIsACommandOrHelp() {
        assertThat(AdminCommandLine.handles(new String[] {})).isFalse();
        assertThat(AdminCommandLine.handles(new String[] {"--server.port=9090", "--spring.profiles.active=simulator"}))
                .isFalse();
        assertThat(AdminCommandLine.handles(new String[] {"help"})).isTrue();
        assertThat(AdminCommandLine.handles(new String[] {"--help"})).isTrue();
        assertThat(AdminCommandLine.handles(new String[] {"-h"})).isTrue();
        assertThat(AdminCommandLine.handles(new String[] {"--spring.profiles.active=simulator", "help"})).isTrue();
        assertThat(AdminCommandLine.handles(new String[] {"--server.port=1", "keys", "list"})).isTrue();
        assertThat(AdminCommandLine.handles(new String[] {"serve"})).isTrue();
    }

    @Test
    void helpPrintsTheUsageOnStandardOutputWhereverItIs() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"--help"}, new String[] {"-h"},
                new String[] {"--spring.profiles.active=simulator", "help"}, new String[] {"keys", "create", "--help"})) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int exitCode = AdminCommandLine.run(VideoRelayApplication.class, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            assertThat(exitCode).as(String.join(" ", args)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage:").contains("migrate");
        }
    }

    @Test
    void settingsMayComeBeforeTheCommand() {
        AdminCommandLine.Invocation invocation = AdminCommandLine.parse(new String[] {
                "--spring.datasource.url=jdbc:postgresql://db/x", "keys", "list", "--project", "acme"});

        assertThat(invocation.command().verb()).isEqualTo("keys list");
        assertThat(invocation.springArguments()).containsExactly("--spring.datasource.url=jdbc:postgresql://db/x");
        assertThat(AdminCommandLine.parse(new String[] {"--logging.level.root=INFO", "migrate"}).command().verb())
                .isEqualTo("migrate");
        assertThat(AdminCommandLine.parse(new String[] {"--server.port=9090", "keys", "list"}).springArguments())
                .containsExactly("--server.port=9090");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"--projct=x", "keys", "list"}))
                .hasMessageContaining("Unknown option: --projct=x");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"serve"}))
                .hasMessageContaining("Unknown command: serve");
        assertThatThrownBy(() -> AdminCommandLine.parse(new String[] {"migrate", "now"}))
                .hasMessageContaining("migrate takes no arguments");
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode;
        try {
            exitCode = commands.execute(AdminCommandLine.parse(args).command(),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        } catch (AdminCommandLine.UsageError usage) {
            exitCode = AdminCommands.usage(new PrintStream(err, true, StandardCharsets.UTF_8), usage.getMessage());
        }
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long projectId(String name) {
        return jdbc.sql("select id from projects where name = ?").param(name).query(Long.class).single();
    }

    private long keyId(String key) {
        return jdbc.sql("select id from api_keys where key_hash = ?").param(Fixtures.sha256Hex(key))
                .query(Long.class).single();
    }

    private static String hint(String key) {
        return key.substring(0, 5) + "…" + key.substring(key.length() - 4);
    }

    private static String uniqueName() {
        return "acme-" + UUID.randomUUID();
    }
}
