package com.videorelay.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the database of a run that configures none, before the application context exists: with
 * {@code spring.datasource.url} set (environment, command line, config file, the Docker image and
 * compose), that database and nothing else. Without it, the PostgreSQL server at
 * {@code videorelay.local-database.server-url} if it answers, else an embedded PostgreSQL whose data
 * persists in {@code videorelay.local-database.data-directory} ({@link EmbeddedDatabase}). The choice is
 * one log line.
 * <p>
 * Registered by {@code main} and by the admin command line only (tests choose their database themselves).
 * An embedded database this run started stops after everything else when the application closes.
 */
public final class LocalDatabase implements ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(LocalDatabase.class);
    private static final String URL = "spring.datasource.url";

    private EmbeddedDatabase embedded;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        switch (event) {
            case ApplicationEnvironmentPreparedEvent prepared -> choose(prepared.getEnvironment());
            case ApplicationPreparedEvent prepared when embedded != null ->
                // Registered before any bean: destroyed after all of them, the connection pool included.
                    ((DefaultListableBeanFactory) prepared.getApplicationContext().getBeanFactory())
                            .registerDisposableBean("embeddedPostgres", embedded::close);
            case ApplicationFailedEvent failed when embedded != null -> embedded.close();
            default -> {
            }
        }
    }

    private void choose(ConfigurableEnvironment environment) {
        if (environment.containsProperty(URL)) {
            return;
        }
        LocalDatabaseProperties settings = Binder.get(environment)
                .bindOrCreate("videorelay.local-database", LocalDatabaseProperties.class);
        String server = settings.serverUrl();
        if (answers(server) || !settings.embedded()) {
            log.info("Database: {} (no spring.datasource.url set; the local server{})", server,
                    settings.embedded() ? " answers" : ", the embedded database is switched off");
            use(environment, Map.of(URL, server));
            return;
        }
        long startedAt = System.nanoTime();
        try {
            embedded = EmbeddedDatabase.startOrJoin(settings.dataDirectoryOrDefault());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in "
                    + settings.dataDirectoryOrDefault() + ": " + e.getMessage(), e);
        }
        log.info("Database: embedded PostgreSQL {}, data in {}, {} (no spring.datasource.url set and nothing answers at {})",
                embedded.version(), embedded.dataDirectory(), embedded.started()
                        ? "started by this process in " + (System.nanoTime() - startedAt) / 1_000_000 + " ms" : "already running",
                server);
        use(environment, Map.of(URL, embedded.jdbcUrl(), "spring.datasource.username", EmbeddedDatabase.USER,
                "spring.datasource.password", ""));
    }

    private static void use(ConfigurableEnvironment environment, Map<String, Object> properties) {
        environment.getPropertySources().addFirst(new MapPropertySource("localDatabase", properties));
    }

    /** Whether something accepts connections at the URL's host and port (1 s at most). */
    static boolean answers(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 1000);
            return true;
        } catch (IOException | IllegalArgumentException nothing) {
            return false;
        }
    }
}
