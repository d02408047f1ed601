package com.videorelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.Api;
import com.videorelay.support.Fixtures;
import com.videorelay.support.TcpProxy;
import com.videorelay.support.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 12, finding 1: with PostgreSQL gone, many clients sharing one key used to be answered one at a
 * time, a connection timeout apart (the cache let one request at a time load the key). Now every one
 * of them gets its 503 envelope within about one connection timeout, and the gateway serves again by
 * itself once the database is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.hikari.connection-timeout=1000",
        "spring.datasource.hikari.maximum-pool-size=4",
        "videorelay.auth.key-cache-ttl=1s"})
class KeyCacheDuringOutageTest {

    static final int CLIENTS = 12;
    /** The bound (the default connection timeout); serialized lookups would take 12 s here. */
    static final Duration BOUND = Duration.ofSeconds(5);

    static TcpProxy proxy;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void databaseThroughProxy(DynamicPropertyRegistry registry) throws IOException {
        proxy = TcpProxy.inFrontOfTestDatabase(registry);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void everyClientOfOneKeyGetsItsBounded503AndServiceResumesWhenTheDatabaseReturns() throws Exception {
        Api api = Api.on(port);
        Fixtures fixtures = new Fixtures(jdbc);
        long project = fixtures.project();
        String key = fixtures.apiKey(project);
        String task = fixtures.task(project, "queued");
        assertThat(api.get("/v1/videos/" + task, key).statusCode()).isEqualTo(200);

        proxy.cut();
        List<Timed> answers;
        try {
            Thread.sleep(1500); // past the key cache TTL: the key must be looked up again
            answers = concurrently(api, "/v1/videos/" + task, key);
        } finally {
            proxy.restore();
        }

        assertThat(answers).hasSize(CLIENTS).allSatisfy(answer -> {
            assertThat(answer.response().statusCode()).isEqualTo(503);
            assertThat(answer.response().body()).isEqualTo("{\"error\":{\"message\":\"The service is temporarily "
                    + "unavailable. Please retry your request shortly.\",\"type\":\"server_error\",\"param\":null,"
                    + "\"code\":\"service_unavailable\"}}");
            assertThat(answer.took()).isLessThan(BOUND);
        });

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/v1/videos/" + task, key).statusCode() == 200);
    }

    @Test
    void aKeyLoadedJustBeforeTheOutageNeverWaitsForItsRefresh() throws Exception {
        Api api = Api.on(port);
        Fixtures fixtures = new Fixtures(jdbc);
        String key = fixtures.apiKey(fixtures.project());
        assertThat(api.get("/v1/videos?limit=1", key).statusCode()).isEqualTo(200);

        proxy.cut();
        List<Timed> answers;
        try {
            Thread.sleep(600); // past half the TTL: the next use refreshes in the background
            answers = concurrently(api, "/v1/videos?limit=1", key);
        } finally {
            proxy.restore();
        }
        // The key is still known; the listing itself needs the database: 503 each, none queued behind another.
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.response().statusCode()).isEqualTo(503);
            assertThat(answer.took()).isLessThan(BOUND);
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/v1/videos?limit=1", key).statusCode() == 200);
    }

    record Timed(HttpResponse<String> response, Duration took) {
    }

    private static List<Timed> concurrently(Api api, String path, String key) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Timed>> calls = IntStream.range(0, CLIENTS).<Callable<Timed>>mapToObj(i -> () -> {
                long started = System.nanoTime();
                HttpResponse<String> response = api.get(path, key);
                return new Timed(response, Duration.ofNanos(System.nanoTime() - started));
            }).toList();
            List<Timed> answers = new java.util.ArrayList<>();
            for (Future<Timed> answer : clients.invokeAll(calls)) {
                answers.add(answer.get());
            }
            return answers;
        }
    }
}
