package com.videorelay.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.Api;
import com.videorelay.support.TcpProxy;
import com.videorelay.support.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's datasource goes through a proxy the test cuts, as if PostgreSQL went away: readiness
 * must turn DOWN (503) and come back UP by itself when the database returns, while liveness stays UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "videorelay.readiness.database-check-interval=300ms",
        "videorelay.readiness.database-check-timeout=1s",
        "spring.datasource.hikari.connection-timeout=1000",
        // A second context beside IntegrationTest's: a small pool keeps the suite well under max_connections.
        "spring.datasource.hikari.maximum-pool-size=4",
        "videorelay.admin.token=" + ReadinessWhileDatabaseDownTest.ADMIN_TOKEN})
class ReadinessWhileDatabaseDownTest {

    static final String ADMIN_TOKEN = "admin-token-for-outage-tests-0123";

    static TcpProxy proxy;

    @Autowired
    TaskStatusGauges gauges;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void databaseThroughProxy(DynamicPropertyRegistry registry) throws IOException {
        proxy = TcpProxy.inFrontOfTestDatabase(registry);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void readinessFollowsTheDatabaseAndLivenessDoesNot() {
        Api api = Api.on(port);
        assertThat(api.get("/actuator/health/readiness", null).statusCode()).isEqualTo(200);

        proxy.cut();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/actuator/health/readiness", null).statusCode() == 503);
            HttpResponse<String> down = api.get("/actuator/health/readiness", null);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
            HttpResponse<String> alive = api.get("/actuator/health/liveness", null);
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(alive.body()).isEqualTo("{\"status\":\"UP\"}");
        } finally {
            proxy.restore();
        }

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/actuator/health/readiness", null).statusCode() == 200);
        assertThat(api.get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(api.get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsStillAnswerWithTheLastTaskCountsWhileTheDatabaseIsDown() {
        Api api = Api.on(port);
        gauges.refresh();
        String before = api.get("/actuator/prometheus", ADMIN_TOKEN).body();
        Map<String, Long> counts = MetricsApiTest.taskGauges(before);
        assertThat(counts).hasSize(5);

        proxy.cut();
        try {
            gauges.refresh(); // fails against the cut database, and keeps the counts

            HttpResponse<String> scrape = api.get("/actuator/prometheus", ADMIN_TOKEN);
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(MetricsApiTest.taskGauges(scrape.body())).isEqualTo(counts);
        } finally {
            proxy.restore();
        }
    }

    @Test
    void aProbeAnswersAtOnceEvenWhileTheDatabaseIsDown() {
        Api api = Api.on(port);
        proxy.cut();
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/actuator/health/readiness", null).statusCode() == 503);
            long started = System.nanoTime();
            assertThat(api.get("/actuator/health/readiness", null).statusCode()).isEqualTo(503);
            // The probe reads the background check's result; it never waits for the database itself.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        } finally {
            proxy.restore();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/actuator/health/readiness", null).statusCode() == 200);
    }
}
