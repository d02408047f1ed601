package com.videorelay.support;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL database the whole test run uses, created once per JVM, chosen in this order (the choice
 * is one line on standard output, with the reason the earlier ones were passed over):
 * <ol>
 *   <li>{@code TEST_DATABASE_URL} (with {@code TEST_DATABASE_USER}, {@code TEST_DATABASE_PASSWORD}): a new
 *       database {@code videorelay_test_<epoch>_<random>} on that server, dropped when the run ends;</li>
 *   <li>a Docker engine that has, or can pull, the image {@code TEST_DATABASE_IMAGE} (default
 *       {@code postgres:17-alpine}): a throwaway Testcontainers PostgreSQL;</li>
 *   <li>a server on {@code 127.0.0.1:5432} (user {@code postgres}): a new database on it, as in 1;</li>
 *   <li>an embedded PostgreSQL in a temporary directory, removed at the end.</li>
 * </ol>
 * {@code TEST_DATABASE_EXPECT=testcontainers} (or {@code url}, {@code local}, {@code embedded}) makes any
 * other choice fail the run instead, for CI to prove the path it means to test. Either way two runs, or a
 * run beside a dev instance, never see each other's rows.
 */
public final class TestDatabase {

    /** Databases of runs that were killed before they could drop theirs are swept after this long. */
    private static final Duration STALE_AFTER = Duration.ofHours(6);
    private static final String PREFIX = "videorelay_test_";
    private static final String LOCAL_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** A pull that takes longer than this counts as "cannot provide the image". */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(3);

    public record Settings(String url, String username, String password) {
    }

    private static Settings settings;
    private static String createdDatabase;
    private static String adminUrl;
    private static String adminUser;
    private static String adminPassword;
    private static PostgreSQLContainer container;
    private static EmbeddedPostgres embedded;
    private static Path embeddedDirectory;
    private static final List<String> emptyDatabases = new ArrayList<>();

    private TestDatabase() {
    }

    public static synchronized Settings get() {
        if (settings == null) {
            List<String> passedOver = new ArrayList<>();
            String choice = choose(passedOver);
            String expected = System.getenv("TEST_DATABASE_EXPECT");
            if (expected != null && !expected.isBlank() && !expected.equals(choice)) {
                throw new IllegalStateException("TEST_DATABASE_EXPECT=" + expected + " but the tests chose " + choice
                        + " (" + String.join("; ", passedOver) + ")");
            }
            System.out.println("Test database: " + choice + ", " + settings.url()
                    + (passedOver.isEmpty() ? "" : " (" + String.join("; ", passedOver) + ")"));
        }
        return settings;
    }

    private static String choose(List<String> passedOver) {
        String configured = System.getenv("TEST_DATABASE_URL");
        if (configured != null && !configured.isBlank()) {
            settings = createOnServer(configured, env("TEST_DATABASE_USER", "postgres"), env("TEST_DATABASE_PASSWORD", ""));
            return "url";
        }
        passedOver.add("no TEST_DATABASE_URL");
        String image = env("TEST_DATABASE_IMAGE", "postgres:17-alpine");
        String noDocker = whyDockerCannotProvide(image);
        if (noDocker == null) {
            container = new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"));
            container.start();
            settings = new Settings(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            return "testcontainers";
        }
        passedOver.add(noDocker);
        if (answers("127.0.0.1", 5432)) {
            settings = createOnServer(LOCAL_SERVER, "postgres", "");
            return "local";
        }
        passedOver.add("nothing answers on 127.0.0.1:5432");
        settings = startEmbedded();
        return "embedded";
    }

    /** Null when a Docker engine answers and has the image or pulls it; otherwise why not. */
    private static String whyDockerCannotProvide(String image) {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return "no Docker engine";
            }
            DockerClient docker = DockerClientFactory.instance().client();
            try {
                docker.inspectImageCmd(image).exec();
                return null;
            } catch (NotFoundException absent) {
                // One pull, bounded; Testcontainers itself would retry a failing pull for minutes.
                boolean done = docker.pullImageCmd(image).exec(new PullImageResultCallback())
                        .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                docker.inspectImageCmd(image).exec();
                return done ? null : "the Docker engine did not pull " + image + " within " + PULL_TIMEOUT;
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return "interrupted while pulling " + image;
        } catch (RuntimeException | Error failed) {
            return "the Docker engine cannot provide " + image + ": " + firstLine(failed);
        }
    }

    private static String firstLine(Throwable failed) {
        String message = String.valueOf(failed.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException nothing) {
            return false;
        }
    }

    private static Settings startEmbedded() {
        try {
            embeddedDirectory = Files.createTempDirectory("videorelay-test-pg");
            embedded = EmbeddedPostgres.builder().setDataDirectory(embeddedDirectory.resolve("data"))
                    .setCleanDataDirectory(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start an embedded PostgreSQL for the tests", e);
        }
        return new Settings(embedded.getJdbcUrl("postgres", "postgres").replace("?user=postgres", ""), "postgres", "");
    }

    /** Called once when the test run ends (see {@link TestDatabaseSessionListener}). */
    static synchronized void release() {
        if (container != null) {
            container.stop();
        }
        if (createdDatabase != null) {
            List<String> ours = new ArrayList<>(emptyDatabases);
            ours.add(createdDatabase);
            try (var admin = openAdmin(); Statement sql = admin.createStatement()) {
                for (String name : ours) {
                    // FORCE: Spring's cached contexts still hold pooled connections at this point.
                    sql.execute("drop database if exists " + name + " with (force)");
                }
            } catch (SQLException e) {
                System.err.println("Could not drop test databases " + ours + ": " + e.getMessage());
            }
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("Could not stop the embedded test database: " + e.getMessage());
            }
        }
    }

    /**
     * A second, empty database beside the run's (same server, same user), for tests that need a database
     * no migration has touched. Dropped at the end of the run, like the run's own.
     */
    public static synchronized Settings createEmpty() {
        Settings run = get();
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (var connection = DriverManager.getConnection(run.url(), run.username(), run.password());
             Statement sql = connection.createStatement()) {
            sql.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        emptyDatabases.add(name);
        return new Settings(withDatabase(run.url(), name), run.username(), run.password());
    }

    private static Settings createOnServer(String url, String user, String password) {
        adminUrl = url;
        adminUser = user;
        adminPassword = password;
        String name = PREFIX + Instant.now().getEpochSecond() + "_"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try (var admin = openAdmin(); Statement sql = admin.createStatement()) {
            sweepStale(sql);
            sql.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database on " + url
                    + " (is PostgreSQL running? set TEST_DATABASE_URL/USER/PASSWORD)", e);
        }
        createdDatabase = name;
        return new Settings(withDatabase(url, name), user, password);
    }

    private static void sweepStale(Statement sql) throws SQLException {
        List<String> stale = new ArrayList<>();
        long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
        try (ResultSet names = sql.executeQuery(
                "select datname from pg_database where datname like '" + PREFIX + "%'")) {
            while (names.next()) {
                String name = names.getString(1);
                String[] parts = name.substring(PREFIX.length()).split("_");
                if (parts.length == 2 && parts[0].matches("\\d+") && Long.parseLong(parts[0]) < cutoff) {
                    stale.add(name);
                }
            }
        }
        for (String name : stale) {
            sql.execute("drop database if exists " + name + " with (force)");
        }
    }

    private static Connection openAdmin() throws SQLException {
        return DriverManager.getConnection(adminUrl, adminUser, adminPassword);
    }

    /** jdbc:postgresql://host:port/postgres?x=y → jdbc:postgresql://host:port/NAME?x=y */
    static String withDatabase(String url, String database) {
        int hostStart = url.indexOf("//") + 2;
        int pathStart = url.indexOf('/', hostStart);
        int query = url.indexOf('?', hostStart);
        String base = pathStart < 0 || (query >= 0 && query < pathStart)
                ? url.substring(0, query < 0 ? url.length() : query)
                : url.substring(0, pathStart);
        return base + "/" + database + (query < 0 ? "" : url.substring(query));
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value != null && !value.isBlank() ? value : otherwise;
    }
}
