package com.videorelay.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test data written the way an admin would, with plain SQL against the documented schema, so the
 * tests also prove that the schema contract is enough to operate the gateway.
 */
public final class Fixtures {

    private final JdbcClient jdbc;

    public Fixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A project with a unique name, so test classes sharing the database never collide. */
    public long project() {
        return jdbc.sql("insert into projects (name) values (?) returning id")
                .param("test-" + UUID.randomUUID())
                .query(Long.class).single();
    }

    /** Inserts a key for the project and returns the key itself (only its hash is stored). */
    public String apiKey(long projectId) {
        String key = "sk-test-" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("insert into api_keys (project_id, name, key_hash) values (?, 'test', ?)")
                .params(projectId, sha256Hex(key))
                .update();
        return key;
    }

    public void revokeKey(String key) {
        jdbc.sql("update api_keys set revoked_at = now() where key_hash = ?").param(sha256Hex(key)).update();
    }

    /** A task with only the columns the contract requires; everything else takes its default. */
    public String task(long projectId, String status) {
        String id = "video_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("insert into video_tasks (id, project_id, model, status) values (?, ?, 'sora-2', ?)")
                .params(id, projectId, status)
                .update();
        return id;
    }

    /** A task with every column set. Timestamps are whole seconds so expectations can be exact. */
    public void task(String id, long projectId, String model, String status, int progress, String prompt,
                     String seconds, String size, String remixedFrom, String errorCode, String errorMessage,
                     long createdAt, Long completedAt, Long expiresAt) {
        jdbc.sql("""
                        insert into video_tasks (id, project_id, model, status, progress, prompt, seconds, size,
                                                 remixed_from_video_id, error_code, error_message,
                                                 created_at, completed_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, to_timestamp(?), to_timestamp(?), to_timestamp(?))
                        """)
                .params(id, projectId, model, status, progress, prompt, seconds, size, remixedFrom, errorCode,
                        errorMessage, createdAt, completedAt, expiresAt)
                .update();
    }

    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
