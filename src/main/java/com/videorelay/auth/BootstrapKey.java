package com.videorelay.auth;

import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At server start (not in admin command mode), makes sure the bootstrap key from
 * {@code VIDEORELAY_BOOTSTRAP_KEY} exists in its project. Idempotent, and safe when several replicas
 * start at once: both inserts skip rows that exist, by the unique project name and key hash. A key
 * that was revoked stays revoked. Only the key's hash and hint are stored or logged.
 */
@Component
@ConditionalOnWebApplication
class BootstrapKey implements ApplicationRunner {

    /** Long enough that the stored and logged hint (9 characters) leaves plenty unknown. */
    static final int MIN_LENGTH = 32;
    static final String KEY_NAME = "bootstrap";

    private static final Logger log = LoggerFactory.getLogger(BootstrapKey.class);

    enum Outcome { NOT_CONFIGURED, CREATED, PRESENT, REVOKED, IN_ANOTHER_PROJECT }

    private final JdbcClient jdbc;
    private final BootstrapProperties properties;

    /** Checks the settings before the server takes requests, so a bad key stops the start at once. */
    BootstrapKey(JdbcClient jdbc, BootstrapProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        String key = properties.key();
        if (key == null || key.isEmpty()) {
            return;
        }
        // The messages never repeat the key: it is a secret even when it is malformed.
        if (key.length() < MIN_LENGTH || key.length() > ApiKeyAuthenticator.MAX_KEY_LENGTH
                || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalStateException("VIDEORELAY_BOOTSTRAP_KEY (videorelay.bootstrap.key) must be " + MIN_LENGTH
                    + " to " + ApiKeyAuthenticator.MAX_KEY_LENGTH + " printable ASCII characters without spaces; "
                    + "the one configured has " + key.length() + " characters. Generate one with: "
                    + "echo \"sk-$(openssl rand -hex 24)\"");
        }
        String project = properties.project();
        if (project == null || project.isBlank() || project.length() > 200) {
            throw new IllegalStateException(
                    "VIDEORELAY_BOOTSTRAP_PROJECT (videorelay.bootstrap.project) must be 1 to 200 characters and not blank.");
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        ensure();
    }

    Outcome ensure() {
        String key = properties.key();
        if (key == null || key.isEmpty()) {
            return Outcome.NOT_CONFIGURED;
        }
        String hash = ApiKeyFormat.sha256Hex(key);
        String hint = ApiKeyFormat.hint(key);
        String project = properties.project();
        jdbc.sql("insert into projects (name) values (?) on conflict (name) do nothing").param(project).update();
        int created = jdbc.sql("""
                        insert into api_keys (project_id, name, key_hash, key_hint)
                        select id, ?, ?, ? from projects where name = ?
                        on conflict (key_hash) do nothing""")
                .params(KEY_NAME, hash, hint, project)
                .update();
        if (created == 1) {
            log.info("Created the bootstrap API key {} in project {}", hint, project);
            return Outcome.CREATED;
        }
        Existing existing = jdbc.sql("""
                        select k.id, p.name, k.revoked_at from api_keys k join projects p on p.id = k.project_id
                         where k.key_hash = ?""")
                .param(hash)
                .query((row, n) -> new Existing(row.getLong(1), row.getString(2),
                        row.getObject(3, OffsetDateTime.class)))
                .single();
        if (existing.revokedAt() != null) {
            log.warn("The bootstrap API key {} (id {}) was revoked at {} and stays revoked: set a new "
                    + "VIDEORELAY_BOOTSTRAP_KEY or unset it", hint, existing.id(), existing.revokedAt());
            return Outcome.REVOKED;
        }
        if (!existing.project().equals(project)) {
            log.warn("The bootstrap API key {} (id {}) belongs to project {}, not {}; left as it is", hint,
                    existing.id(), existing.project(), project);
            return Outcome.IN_ANOTHER_PROJECT;
        }
        log.info("The bootstrap API key {} (id {}) exists in project {}", hint, existing.id(), project);
        return Outcome.PRESENT;
    }

    private record Existing(long id, String project, OffsetDateTime revokedAt) {
    }
}
