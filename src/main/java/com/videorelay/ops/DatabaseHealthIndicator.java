package com.videorelay.ops;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * The {@code db} health component, part of the readiness group: UP while PostgreSQL answers. It
 * replaces Spring Boot's own (same bean name), which checks on every probe with
 * {@code Connection.isValid(0)}, i.e. without a time limit: behind a network that drops packets each
 * probe would hang and hold a pooled connection. Here one background thread checks every
 * {@code database-check-interval} with a bounded wait, and probes answer at once from its last result.
 */
@Component("dbHealthIndicator")
@ConditionalOnWebApplication
class DatabaseHealthIndicator implements HealthIndicator, SmartInitializingSingleton, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DatabaseHealthIndicator.class);

    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final ReadinessProperties properties;
    private volatile Health last = Health.unknown().build();

    DatabaseHealthIndicator(DataSource dataSource, ReadinessProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(); // migrations have just run, so this is normally UP before the first probe
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::check, properties.databaseCheckInterval(), properties.databaseCheckInterval()));
    }

    @Override
    public Health health() {
        return last;
    }

    void check() {
        Health now = probe();
        Status before = last.getStatus();
        if (!before.equals(Status.DOWN) && now.getStatus().equals(Status.DOWN)) {
            log.warn("PostgreSQL does not answer: readiness is DOWN until it does ({})", now.getDetails().get("error"));
        } else if (before.equals(Status.DOWN) && now.getStatus().equals(Status.UP)) {
            log.info("PostgreSQL answers again: readiness is UP");
        }
        last = now;
    }

    /**
     * UP once a pooled connection proves valid. A connection the database dropped earlier fails its
     * check and leaves the pool, so a few attempts tell "one stale connection" from "no database";
     * when the pool cannot even hand out a connection (after its connection-timeout), that is DOWN.
     */
    private Health probe() {
        int timeoutSeconds = (int) Math.max(1, properties.databaseCheckTimeout().toSeconds());
        for (int attempt = 1; ; attempt++) {
            Connection connection;
            try {
                connection = dataSource.getConnection();
            } catch (SQLException | RuntimeException noConnection) {
                return Health.down().withDetail("error", String.valueOf(noConnection.getMessage())).build();
            }
            boolean valid;
            try (connection) {
                valid = connection.isValid(timeoutSeconds);
            } catch (SQLException | RuntimeException broken) {
                valid = false;
            }
            if (valid) {
                return Health.up().build();
            }
            if (attempt == ATTEMPTS) {
                return Health.down().withDetail("error", "no valid connection within " + timeoutSeconds + " s").build();
            }
        }
    }

}
