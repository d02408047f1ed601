package com.videorelay.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.local-database.*}: where a run that sets no {@code spring.datasource.url} finds its
 * database ({@link LocalDatabase}); the settings are described in docs/configuration.md.
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
