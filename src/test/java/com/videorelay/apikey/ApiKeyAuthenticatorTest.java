package com.videorelay.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.Fixtures;
import com.videorelay.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The key cache against the real api_keys table, on a clock the test moves: what is remembered, for
 * how long, and when a change in the database shows. No sleeping, so nothing here depends on timing.
 */
class ApiKeyAuthenticatorTest extends IntegrationTest {

    static final Duration TTL = Duration.ofSeconds(5);

    @Autowired
    ApiKeyRepository keys;

    final AtomicLong nanos = new AtomicLong();
    ApiKeyAuthenticator authenticator;
    long project;

    @BeforeEach
    void setUp() {
        authenticator = new ApiKeyAuthenticator(keys, new AuthProperties(TTL, 1000), nanos::get);
        project = fixtures.project();
    }

    @Test
    void knownKeyIsServedFromTheCacheUntilTheTtlThenItsRevocationShows() {
        String key = fixtures.apiKey(project);
        assertThat(authenticator.authenticate(key)).hasValueSatisfying(
                caller -> assertThat(caller.projectId()).isEqualTo(project));

        fixtures.revokeKey(key);
        advance(TTL.minusMillis(1));
        assertThat(authenticator.authenticate(key)).as("cached: the database was not asked again").isPresent();

        advance(Duration.ofMillis(2));
        assertThat(authenticator.authenticate(key)).as("after the TTL the revocation applies").isEmpty();
    }

    @Test
    void unknownKeyIsRememberedAsUnknownForTheTtlToo() {
        String key = "sk-test-not-yet-" + System.nanoTime();
        assertThat(authenticator.authenticate(key)).isEmpty();

        jdbc.sql("insert into api_keys (project_id, name, key_hash) values (?, 'late', ?)")
                .params(project, Fixtures.sha256Hex(key)).update();
        assertThat(authenticator.authenticate(key)).as("negative answer cached").isEmpty();

        advance(TTL.plusMillis(1));
        assertThat(authenticator.authenticate(key)).isPresent();
    }

    @Test
    void overlongTokenIsRefusedWithoutLookup() {
        assertThat(authenticator.authenticate("sk-" + "x".repeat(ApiKeyAuthenticator.MAX_KEY_LENGTH))).isEmpty();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
