package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.videorelay.support.Fixtures;
import com.videorelay.support.IntegrationTest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key cache against the real api_keys table, on a clock the test moves: what is remembered, for
 * how long, and when a change in the database shows. No sleeping, so nothing here depends on timing.
 */
class ApiKeyAuthenticatorTest extends IntegrationTest {

    static final Duration TTL = Duration.ofSeconds(5);

    final AtomicLong nanos = new AtomicLong();
    final HeldLookups lookups = new HeldLookups();
    ApiKeyAuthenticator authenticator;
    long project;

    @BeforeEach
    void setUp() {
        authenticator = new ApiKeyAuthenticator(jdbc, new AuthProperties(TTL, 1000, 60, 1000), nanos::get, lookups);
        project = fixtures.project();
    }

    @Test
    void knownKeyIsServedFromTheCacheUntilTheTtlThenItsRevocationShows() {
        String key = fixtures.apiKey(project);
        assertThat(authenticator.authenticate(key)).hasValueSatisfying(
                caller -> assertThat(caller.projectId()).isEqualTo(project));

        fixtures.revokeKey(key);
        advance(TTL.minusMillis(1));
        lookups.hold();
        assertThat(authenticator.authenticate(key)).as("cached: the database was not asked").isPresent();
        lookups.release(); // the background refresh, started past half the TTL, sees the revocation

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
    void aBusyKeyIsRefreshedInTheBackgroundAndARevocationStillShowsWithinTheTtl() {
        String key = fixtures.apiKey(project);
        assertThat(authenticator.authenticate(key)).isPresent();
        fixtures.revokeKey(key);

        advance(TTL.dividedBy(2).plusMillis(1));
        lookups.hold();
        // Past half the TTL: answered from memory at once, while a refresh loads the revocation.
        assertThat(authenticator.authenticate(key)).isPresent();
        assertThat(lookups.held()).as("one refresh, started in the background").isEqualTo(1);
        lookups.release();
        assertThat(authenticator.authenticate(key)).as("the refresh has landed").isEmpty();
    }

    @Test
    void theCacheHoldsTheKeysHashNeverTheKey() {
        String key = fixtures.apiKey(project);
        authenticator.authenticate(key);
        authenticator.authenticate("sk-test-bogus-" + System.nanoTime());

        assertThat(authenticator.cachedHashes()).contains(Fixtures.sha256Hex(key))
                .allSatisfy(entry -> assertThat(entry).matches("[0-9a-f]{64}"));
    }

    @Test
    void overlongTokenIsRefusedWithoutLookup() {
        assertThat(authenticator.authenticate("sk-" + "x".repeat(ApiKeyAuthenticator.MAX_KEY_LENGTH))).isEmpty();
    }

    /** Runs lookups at once, or, while held, keeps them until released: a refresh the test can watch. */
    static final class HeldLookups implements java.util.concurrent.Executor {
        private final java.util.List<Runnable> held = new java.util.ArrayList<>();
        private boolean holding;

        @Override
        public synchronized void execute(Runnable command) {
            if (holding) {
                held.add(command);
            } else {
                command.run();
            }
        }

        synchronized void hold() {
            holding = true;
        }

        synchronized int held() {
            return held.size();
        }

        void release() {
            java.util.List<Runnable> run;
            synchronized (this) {
                holding = false;
                run = java.util.List.copyOf(held);
                held.clear();
            }
            run.forEach(Runnable::run);
        }
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
