package com.videorelay.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the running gateway: a real server on a random port against the
 * run's own PostgreSQL database ({@link TestDatabase}). All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "videorelay.auth.key-cache-ttl=" + IntegrationTest.KEY_CACHE_TTL_MILLIS + "ms",
        "videorelay.admin.token=" + IntegrationTest.ADMIN_TOKEN,
        // Every test request comes from 127.0.0.1, many with unknown keys on purpose: the per-address
        // limit on those has its own test (InvalidKeyLimitTest) with its own setting.
        "videorelay.auth.invalid-keys-per-minute=1000000",
        // Tests create and poll far faster than any client should; LimitsApiTest sets per-project limits.
        "videorelay.limits.polls-per-second=100000",
        "videorelay.limits.creates-per-minute=100000",
        "videorelay.limits.max-unfinished-tasks=100000",
        "videorelay.limits.video-seconds-per-day=100000000",
        // Short, so the slow-body test waits little; test bodies arrive in milliseconds.
        "videorelay.http.body-read-timeout=3s",
        // Spring keeps every test context alive to reuse it; a few idle connections each keep the
        // run well under PostgreSQL's default max_connections (100), whatever the number of contexts.
        "spring.datasource.hikari.maximum-pool-size=" + IntegrationTest.POOL_SIZE,
        "spring.datasource.hikari.minimum-idle=1"})
public abstract class IntegrationTest {

    /** Opens /actuator/prometheus and the other non-health actuator endpoints. */
    public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";

    /** Short enough that revocation tests wait little, long enough to observe the cache within it. */
    public static final long KEY_CACHE_TTL_MILLIS = 2000;
    public static final int POOL_SIZE = 6;

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Fixtures fixtures;
    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Settings database = TestDatabase.get();
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    @BeforeEach
    void setUpHelpers() {
        fixtures = new Fixtures(jdbc);
        api = new Api(port);
    }
}
