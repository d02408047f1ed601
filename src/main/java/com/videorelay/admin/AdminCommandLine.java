package com.videorelay.admin;

import com.videorelay.VideoRelayApplication;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.sql.SQLException;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point for {@code java -jar videorelay.jar projects|keys …}: parses the command, starts the
 * application without a web server (so migrations run and settings resolve exactly as for the
 * server), runs the command and reports an exit code.
 */
public final class AdminCommandLine {

    private static final Set<String> GROUPS = Set.of("projects", "keys", "limits", "help");
    /** Each command with the positional arguments it takes. */
    private static final Map<String, List<String>> VERBS = Map.of(
            "projects create", List.of("<name>"),
            "projects list", List.of(),
            "keys create", List.of(),
            "keys list", List.of(),
            "keys revoke", List.of("<id>"),
            "limits set", List.of(),
            "limits show", List.of());
    /** Each command with the options it takes; any other option is a usage error. */
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "keys create", Set.of("project", "name"),
            "keys list", Set.of("project"),
            "limits set", Set.of("project", "polls-per-second", "creates-per-minute", "max-unfinished-tasks",
                    "video-seconds-per-day"),
            "limits show", Set.of("project"));
    /** Settings for the application itself, e.g. --spring.datasource.url=…; any other --x=y is a typo. */
    private static final List<String> SETTING_PREFIXES = List.of("--spring.", "--logging.", "--videorelay.");

    /** A parsed command: {@code verb} is e.g. "keys create". */
    record Command(String verb, List<String> arguments, Map<String, String> options) {

        String option(String name) {
            return options.get(name);
        }
    }

    /** The command plus the {@code --spring.x=y} style settings meant for the application itself. */
    record Invocation(Command command, List<String> springArguments) {
    }

    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    private AdminCommandLine() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && GROUPS.contains(args[0]);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args[0].equals("help")) {
            err.print(AdminCommands.USAGE_TEXT);
            return AdminCommands.OK;
        }
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (UsageError usage) {
            return AdminCommands.usage(err, usage.getMessage());
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(VideoRelayApplication.class)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .properties(QUIET_LOGGING)
                    .run(invocation.springArguments().toArray(String[]::new));
        } catch (RuntimeException startFailed) {
            // Typically the database: one line that says why, instead of Spring's page of stack trace.
            err.println("Error: could not start: " + describe(startFailed));
            return AdminCommands.FAILED;
        }
        try (context) {
            return context.getBean(AdminCommands.class).execute(invocation.command(), out, err);
        }
    }

    /** Checks the whole command line before anything starts, so a typo costs no database connection. */
    static Invocation parse(String[] args) {
        if (args.length < 2) {
            throw new UsageError("Missing a command after '" + args[0] + "'.");
        }
        String verb = args[0] + " " + args[1];
        if (!VERBS.containsKey(verb)) {
            throw new UsageError("Unknown command: " + verb);
        }
        List<String> arguments = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        List<String> springArguments = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String token = args[i];
            if (!token.startsWith("--")) {
                arguments.add(token);
                continue;
            }
            int equals = token.indexOf('=');
            String name = token.substring(2, equals < 0 ? token.length() : equals);
            if (!OPTIONS.getOrDefault(verb, Set.of()).contains(name)) {
                if (equals < 0 || SETTING_PREFIXES.stream().noneMatch(token::startsWith)) {
                    throw new UsageError("Unknown option: " + token);
                }
                springArguments.add(token);
            } else {
                String value = equals >= 0 ? token.substring(equals + 1) : (i + 1 < args.length ? args[++i] : null);
                if (value == null || value.isBlank() || value.startsWith("--")) {
                    throw new UsageError("Option --" + name + " needs a value.");
                }
                options.put(name, value);
            }
        }
        List<String> expected = VERBS.get(verb);
        if (arguments.size() != expected.size()) {
            throw new UsageError(verb + " takes " + (expected.isEmpty() ? "no arguments" : String.join(" ", expected))
                    + ", not: " + String.join(" ", arguments));
        }
        if (verb.equals("keys create") && !options.containsKey("project")) {
            throw new UsageError("keys create needs --project <name>.");
        }
        if (verb.equals("limits set")) {
            if (!options.containsKey("project")) {
                throw new UsageError("limits set needs --project <name>.");
            }
            if (options.size() < 2) {
                throw new UsageError("limits set needs at least one of --polls-per-second, --creates-per-minute, "
                        + "--max-unfinished-tasks, --video-seconds-per-day.");
            }
            options.forEach((name, value) -> {
                if (!name.equals("project") && !value.equals("default") && !value.matches("\\d{1,9}")) {
                    throw new UsageError("--" + name + " takes a whole number (0 or more) or 'default', not: " + value);
                }
            });
        }
        if (verb.equals("keys revoke") && !arguments.getFirst().matches("\\d{1,18}")) {
            throw new UsageError("keys revoke takes a numeric key id (see keys list), not the key itself.");
        }
        return new Invocation(new Command(verb, List.copyOf(arguments), Map.copyOf(options)),
                List.copyOf(springArguments));
    }

    /** Warnings still show; Spring's own start-up failure report is replaced by the line above. */
    private static final String[] QUIET_LOGGING = {
            "logging.level.root=WARN",
            "logging.level.org.springframework.boot.SpringApplication=OFF",
            "logging.level.org.springframework.context=ERROR"};

    /**
     * The driver's own words when the database is the problem, with what lies beneath them (they name
     * the host and port, or the unknown host); otherwise the root cause.
     */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        Throwable fromDatabase = null;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
            if (cause instanceof SQLException) {
                fromDatabase = cause;
            }
        }
        if (fromDatabase == null) {
            return cause.getMessage();
        }
        Throwable beneath = fromDatabase.getCause();
        return fromDatabase.getMessage() + (beneath == null ? "" : " (" + beneath + ")");
    }
}
