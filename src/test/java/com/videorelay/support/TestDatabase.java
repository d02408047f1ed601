package com.videorelay.support;

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
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL database the whole test run uses, created once per JVM:
 * <ul>
 *   <li>with {@code TEST_DATABASE_URL} set, or without a Docker engine: a new database
 *       {@code videorelay_test_<epoch>_<random>} on that already-running server (default
 *       {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code postgres}), dropped when the run ends;</li>
 *   <li>otherwise a throwaway Testcontainers PostgreSQL.</li>
 * </ul>
 * Either way two runs, or a run beside a dev instance, never see each other's rows.
 */
public final class TestDatabase {

    /** Databases of runs that were killed before they could drop theirs are swept after this long. */
    private static final Duration STALE_AFTER = Duration.ofHours(6);
    private static final String PREFIX = "videorelay_test_";

    public record Settings(String url, String username, String password) {
    }

    private static Settings settings;
    private static String createdDatabase;
    private static String adminUrl;
    private static PostgreSQLContainer container;

    private TestDatabase() {
    }

    public static synchronized Settings get() {
        if (settings == null) {
            String configured = System.getenv("TEST_DATABASE_URL");
            if (configured == null && dockerAvailable()) {
                container = new PostgreSQLContainer("postgres:17-alpine");
                container.start();
                settings = new Settings(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            } else {
                settings = createOnLocalServer(configured != null ? configured
                        : "jdbc:postgresql://127.0.0.1:5432/postgres");
            }
            System.out.println("Test database: " + settings.url()
                    + (container != null ? " (Testcontainers)" : " (created for this run, dropped at its end)"));
        }
        return settings;
    }

    /** Called once when the test run ends (see {@link TestDatabaseSessionListener}). */
    static synchronized void release() {
        if (container != null) {
            container.stop();
        }
        if (createdDatabase != null) {
            try (var admin = openAdmin(); Statement sql = admin.createStatement()) {
                // FORCE: Spring's cached contexts still hold pooled connections at this point.
                sql.execute("drop database if exists " + createdDatabase + " with (force)");
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + createdDatabase + ": " + e.getMessage());
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error noDocker) {
            return false;
        }
    }

    private static Settings createOnLocalServer(String url) {
        adminUrl = url;
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
        return new Settings(withDatabase(url, name), username(), password());
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
        return DriverManager.getConnection(adminUrl, username(), password());
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

    private static String username() {
        String user = System.getenv("TEST_DATABASE_USER");
        return user != null ? user : "postgres";
    }

    private static String password() {
        String password = System.getenv("TEST_DATABASE_PASSWORD");
        return password != null ? password : "";
    }
}
