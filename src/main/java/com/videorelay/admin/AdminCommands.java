package com.videorelay.admin;

import com.videorelay.auth.ApiKey;
import com.videorelay.auth.ApiKeyService;
import com.videorelay.limits.LimitsService;
import com.videorelay.limits.ProjectLimits;
import com.videorelay.auth.Project;
import com.videorelay.auth.ProjectService;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The admin commands ({@code projects …}, {@code keys …}, {@code limits …}) run by the same jar as the server. The
 * command line was checked by {@link AdminCommandLine#parse} before the application started. A new key
 * is the only thing printed on standard output, so {@code KEY=$(… keys create …)} works; everything
 * else people read goes to standard error or is a listing.
 */
@Component
class AdminCommands {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            Usage: java -jar videorelay.jar [--setting=value ...] <command>
                   (no command: start the server)

              migrate                                    bring the database schema up to date
                                                         (the other commands never change it)
              projects create <name>                     create a project
              projects list                              list projects
              keys create --project <name> [--name <n>]  mint a key (creates the project if needed);
                                                         prints the key once, on standard output
              keys list [--project <name>]               list keys (hint only, never the key)
              keys revoke <id>                           refuse a key from now on
              limits set --project <name> [--polls-per-second N] [--creates-per-minute N]
                         [--max-unfinished-tasks N] [--video-seconds-per-day N]
                                                         set a project's limits; 'default' instead of N
                                                         goes back to the gateway's configured default
              limits show [--project <name>]             the limits that apply; * marks the project's own

            Database settings come from the same place as the server's (SPRING_DATASOURCE_URL, …);
            without any, the same local or embedded PostgreSQL the server uses.
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ProjectService projects;
    private final ApiKeyService keys;
    private final LimitsService limits;

    AdminCommands(ProjectService projects, ApiKeyService keys, LimitsService limits) {
        this.projects = projects;
        this.keys = keys;
        this.limits = limits;
    }

    int execute(AdminCommandLine.Command command, PrintStream out, PrintStream err) {
        try {
            return switch (command.verb()) {
                case "projects create" -> createProject(command, err);
                case "projects list" -> listProjects(out);
                case "keys create" -> createKey(command, out, err);
                case "keys list" -> listKeys(command, out);
                case "keys revoke" -> revokeKey(command, err);
                case "limits set" -> setLimits(command, out, err);
                case "limits show" -> showLimits(command.option("project"), out);
                default -> usage(err, "Unknown command: " + command.verb()); // parse() lets none through
            };
        } catch (IllegalArgumentException refused) {
            err.println("Error: " + refused.getMessage());
            return FAILED;
        } catch (DataAccessException databaseFailed) {
            err.println("Error: the database refused the change: " + databaseFailed.getMostSpecificCause().getMessage());
            return FAILED;
        }
    }

    private int createProject(AdminCommandLine.Command command, PrintStream err) {
        Project project = projects.create(command.arguments().getFirst());
        err.println("Created project " + project.getName() + " (id " + project.getId() + ").");
        return OK;
    }

    private int listProjects(PrintStream out) {
        out.printf("%-6s %-30s %s%n", "ID", "NAME", "CREATED");
        for (Project project : projects.list()) {
            out.printf("%-6d %-30s %s%n", project.getId(), project.getName(), TIME.format(project.getCreatedAt()));
        }
        return OK;
    }

    private int createKey(AdminCommandLine.Command command, PrintStream out, PrintStream err) {
        String name = command.option("name");
        // Said out loud, so that a typo in --project does not go unnoticed as a new, empty project.
        boolean newProject = !projects.exists(command.option("project"));
        ApiKeyService.MintedKey minted = keys.mint(command.option("project"), name == null ? "default" : name);
        if (newProject) {
            err.println("Created project " + minted.projectName() + " (there was none by that name).");
        }
        out.println(minted.key());
        err.println("Created API key " + minted.id() + " (\"" + minted.name() + "\") for project "
                + minted.projectName() + ". It is shown only this once: store it now.");
        return OK;
    }

    private int listKeys(AdminCommandLine.Command command, PrintStream out) {
        List<ApiKey> listed = keys.list(command.option("project"));
        out.printf("%-6s %-20s %-20s %-12s %-21s %s%n", "ID", "PROJECT", "NAME", "KEY", "CREATED", "REVOKED");
        for (ApiKey key : listed) {
            out.printf("%-6d %-20s %-20s %-12s %-21s %s%n", key.getId(), key.getProject().getName(), key.getName(),
                    key.getKeyHint() == null ? "-" : key.getKeyHint(), TIME.format(key.getCreatedAt()),
                    key.getRevokedAt() == null ? "-" : TIME.format(key.getRevokedAt()));
        }
        return OK;
    }

    private int revokeKey(AdminCommandLine.Command command, PrintStream err) {
        ApiKey key = keys.revoke(Long.parseLong(command.arguments().getFirst()));
        err.println("Revoked API key " + key.getId() + " (\"" + key.getName() + "\") of project "
                + key.getProject().getName() + " at " + TIME.format(key.getRevokedAt())
                + ". Running gateways refuse it within their key cache TTL.");
        return OK;
    }

    private int setLimits(AdminCommandLine.Command command, PrintStream out, PrintStream err) {
        Map<String, Integer> values = new HashMap<>();
        command.options().forEach((name, value) -> {
            if (!name.equals("project")) {
                values.put(name, value.equals("default") ? null : Integer.valueOf(value));
            }
        });
        limits.set(command.option("project"), values);
        err.println("Set the limits of project " + command.option("project")
                + ". Running gateways apply them within their limits cache TTL (videorelay.limits.cache-ttl).");
        return showLimits(command.option("project"), out);
    }

    private int showLimits(String project, PrintStream out) {
        out.printf("%-30s %-18s %-20s %-22s %s%n", "PROJECT", "POLLS_PER_SECOND", "CREATES_PER_MINUTE",
                "MAX_UNFINISHED_TASKS", "VIDEO_SECONDS_PER_DAY");
        for (LimitsService.Shown shown : limits.show(project)) {
            ProjectLimits effective = shown.effective();
            out.printf("%-30s %-18s %-20s %-22s %s%n", shown.project(),
                    marked(effective.pollsPerSecond(), shown.own().get("polls-per-second")),
                    marked(effective.createsPerMinute(), shown.own().get("creates-per-minute")),
                    marked(effective.maxUnfinishedTasks(), shown.own().get("max-unfinished-tasks")),
                    marked(effective.videoSecondsPerDay(), shown.own().get("video-seconds-per-day")));
        }
        return OK;
    }

    /** {@code 10*} for the project's own value, {@code 60} for the configured default. */
    private static String marked(int effective, Integer own) {
        return effective + (own == null ? "" : "*");
    }

    static int usage(PrintStream err, String problem) {
        if (problem != null) {
            err.println("Error: " + problem);
        }
        err.print(USAGE_TEXT);
        return USAGE;
    }
}
