package com.videorelay.admin;

import java.io.PrintStream;
import com.videorelay.database.LocalDatabase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.sql.SQLException;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Entry point for {@code java -jar videorelay.jar projects|keys|migrate|help …}: parses the command,
 * starts the application without a web server (so settings resolve exactly as for the server), runs
 * the command and reports an exit code. Only {@code migrate} changes the schema; every other command
 * refuses to run against a schema older than this jar's ({@link SchemaGate}).
 */
public final class AdminCommandLine {

    /** Commands that are one word; the others are a group and a verb ("keys create"). */
    private static final Set<String> SINGLE_WORD = Set.of("migrate");
    private static final Set<String> HELP = Set.of("help", "--help", "-h");
    /** Each command with the positional arguments it takes. */
    private static final Map<String, List<String>> VERBS = Map.of(
            "migrate", List.of(),
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
    private static final List<String> SETTING_PREFIXES = List.of("--spring.", "--logging.", "--videorelay.", "--server.",
            "--management.");

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

    /**
     * Whether the arguments are a command rather than the server's settings: the server starts only
     * when every argument is a {@code --name=value} setting. Anything else (a command, help, a typo)
     * is handled here and never starts the server.
     */
    public static boolean handles(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> !arg.startsWith("--") || HELP.contains(arg));
    }

    /** {@code application} is the server's configuration class, so a command sees the same beans and settings. */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        if (wantsHelp(args)) {
            out.print(AdminCommands.USAGE_TEXT);
            return AdminCommands.OK;
        }
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (UsageError usage) {
            return AdminCommands.usage(err, usage.getMessage());
        }
        boolean migrate = invocation.command().verb().equals("migrate");
        SchemaGate schema = new SchemaGate(migrate);
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application)
                    .web(WebApplicationType.NONE)
                    .logStartupInfo(false)
                    .properties(QUIET_LOGGING)
                    .listeners(new LocalDatabase())
                    // Spring Boot's Flyway initializer hands the migration to this strategy bean.
                    .initializers(starting -> starting.getBeanFactory().registerSingleton("schemaGate", schema))
                    .run(invocation.springArguments().toArray(String[]::new));
        } catch (RuntimeException startFailed) {
            // Typically the database: one line that says why, instead of Spring's page of stack trace.
            err.println("Error: " + (schema.refusal() != null ? schema.refusal() : "could not start: " + describe(startFailed)));
            return AdminCommands.FAILED;
        }
        try (context) {
            if (migrate) {
                err.println(schema.report());
                return AdminCommands.OK;
            }
            return context.getBean(AdminCommands.class).execute(invocation.command(), out, err);
        }
    }

    /** help as the command, or --help / -h anywhere: the usage text, whatever else is there. */
    private static boolean wantsHelp(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--help") || arg.equals("-h"))
                || Arrays.stream(args).filter(arg -> !arg.startsWith("--")).findFirst().filter("help"::equals).isPresent();
    }

    /**
     * Checks the whole command line before anything starts, so a typo costs no database connection.
     * Settings ({@code --spring.x=y}) may come before the command or after it.
     */
    static Invocation parse(String[] args) {
        List<String> springArguments = new ArrayList<>();
        int start = 0;
        while (start < args.length && args[start].startsWith("--")) {
            springArguments.add(setting(args[start++]));
        }
        if (start == args.length) {
            throw new UsageError("Missing a command.");
        }
        String group = args[start];
        String verb;
        int first;
        if (SINGLE_WORD.contains(group)) {
            verb = group;
            first = start + 1;
        } else {
            if (start + 1 >= args.length || args[start + 1].startsWith("--")) {
                if (VERBS.keySet().stream().noneMatch(known -> known.startsWith(group + " "))) {
                    throw new UsageError("Unknown command: " + group);
                }
                throw new UsageError("Missing a command after '" + group + "'.");
            }
            verb = group + " " + args[start + 1];
            first = start + 2;
        }
        if (!VERBS.containsKey(verb)) {
            throw new UsageError("Unknown command: " + verb);
        }
        List<String> arguments = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = first; i < args.length; i++) {
            String token = args[i];
            if (!token.startsWith("--")) {
                arguments.add(token);
                continue;
            }
            int equals = token.indexOf('=');
            String name = token.substring(2, equals < 0 ? token.length() : equals);
            if (!OPTIONS.getOrDefault(verb, Set.of()).contains(name)) {
                springArguments.add(setting(token));
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

    /** A {@code --spring.x=y} style setting for the application; any other option is a typo. */
    private static String setting(String token) {
        if (token.indexOf('=') < 0 || SETTING_PREFIXES.stream().noneMatch(token::startsWith)) {
            throw new UsageError("Unknown option: " + token);
        }
        return token;
    }

    /**
     * Warnings still show, and which local database a command uses; Spring's own start-up failure report
     * is replaced by the line above.
     */
    private static final String[] QUIET_LOGGING = {
            "logging.level.root=WARN",
            "logging.level.com.videorelay.database=INFO",
            "logging.level.org.springframework.boot.SpringApplication=OFF",
            "logging.level.org.springframework.boot.autoconfigure.logging=OFF",
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
