package com.videorelay.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.local-database.*}: the database of a local run that sets no {@code spring.datasource.url}
 * (see {@link LocalDatabase}). Read only when that setting is absent.
 *
 * @param serverUrl     the PostgreSQL server tried first; used when it answers
 * @param embedded      whether to start an embedded PostgreSQL when nothing answers at {@code serverUrl};
 *                      the Docker image turns this off
 * @param dataDirectory where the embedded PostgreSQL keeps its data; empty means
 *                      {@code $XDG_DATA_HOME/videorelay/postgres} ({@code ~/.local/share/videorelay/postgres})
 */
@ConfigurationProperties("videorelay.local-database")
public record LocalDatabaseProperties(@DefaultValue("jdbc:postgresql://localhost:5432/postgres") String serverUrl,
                                      @DefaultValue("true") boolean embedded,
                                      Path dataDirectory) {

    Path dataDirectoryOrDefault() {
        if (dataDirectory != null && !dataDirectory.toString().isBlank()) {
            return dataDirectory.toAbsolutePath();
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("videorelay").resolve("postgres").toAbsolutePath();
    }
}
