package com.videorelay.admin;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * What the admin command line does with the schema where the server would migrate it: {@code migrate}
 * applies the pending migrations; every other command only checks that none are pending and refuses
 * to run otherwise, so a read-only {@code keys list} from a newer jar never moves a database ahead of
 * the servers that use it.
 */
final class SchemaGate implements FlywayMigrationStrategy {

    private final boolean migrate;
    private String refusal;
    private String report;

    SchemaGate(boolean migrate) {
        this.migrate = migrate;
    }

    @Override
    public void migrate(Flyway flyway) {
        MigrationInfoService info = flyway.info();
        String before = version(info.current());
        MigrationInfo[] pending = info.pending();
        if (migrate) {
            int applied = flyway.migrate().migrationsExecuted;
            String after = version(flyway.info().current());
            report = applied == 0 ? "The schema is up to date (version " + after + ")."
                    : "Migrated the schema from " + before + " to version " + after + " (" + applied + " migrations).";
            return;
        }
        if (pending.length > 0) {
            refusal = "the database schema is at " + before + ", this VideoRelay needs version "
                    + pending[pending.length - 1].getVersion() + ". Run the 'migrate' command first (servers of"
                    + " this version also migrate when they start); nothing was changed.";
            throw new IllegalStateException(refusal);
        }
    }

    private static String version(MigrationInfo current) {
        return current == null || current.getVersion() == null ? "no version (empty)" : "version " + current.getVersion();
    }

    /** Why the command was refused, or null. */
    String refusal() {
        return refusal;
    }

    /** What {@code migrate} did. */
    String report() {
        return report;
    }
}
