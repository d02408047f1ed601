package com.videorelay.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from binaries shipped in the jar, its data in one directory that persists
 * across runs. A second process for the same directory (an admin command while the server runs) finds
 * the running server through PostgreSQL's own {@code postmaster.pid} and connects to it instead of
 * starting another; only the process that started the server stops it.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path dataDirectory;
    private final int port;
    private final EmbeddedPostgres owned;

    private EmbeddedDatabase(Path dataDirectory, int port, EmbeddedPostgres owned) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.owned = owned;
    }

    static EmbeddedDatabase startOrJoin(Path dataDirectory) throws IOException {
        Integer running = runningPort(dataDirectory);
        if (running != null) {
            return new EmbeddedDatabase(dataDirectory, running, null);
        }
        Files.createDirectories(dataDirectory);
        // PostgreSQL's own output, for when it does not start: beside the data, not in it.
        Redirect output = Redirect.appendTo(dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log").toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Stopped by the application after its connection pool closes, not by a JVM hook racing it.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(output)
                .setErrorRedirector(output)
                .start();
        return new EmbeddedDatabase(dataDirectory, postgres.getPort(), postgres);
    }

    /** The port of a PostgreSQL already serving this directory, from line 4 of postmaster.pid, if it answers. */
    private static Integer runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            int port = Integer.parseInt(lines.get(3).strip());
            return LocalDatabase.answers(jdbcUrl(port)) ? port : null;
        } catch (IOException | RuntimeException none) {
            return null;
        }
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    String jdbcUrl() {
        return jdbcUrl(port);
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    boolean started() {
        return owned != null;
    }

    String version() {
        try {
            return Files.readString(dataDirectory.resolve("PG_VERSION")).strip();
        } catch (IOException unknown) {
            return "";
        }
    }

    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        try {
            owned.close();
            log.info("Stopped the embedded PostgreSQL in {}", dataDirectory);
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL in {}: {}", dataDirectory, e.getMessage());
        }
    }
}
