package com.videorelay.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.GatewayInstance;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Leases are short (one second here) and renewed while their holder works, so a dead instance's
 * tasks are taken over quickly, yet a provider call that takes longer than the lease is never
 * repeated by the other instance meanwhile.
 */
class LeaseHeartbeatTest {

    private static final String UPSTREAM = "heartbeat-fake";
    private static final FakeUpstream upstream = new FakeUpstream();
    private static final AtomicInteger polls = new AtomicInteger();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static JdbcClient jdbc;

    @BeforeAll
    static void twoInstances() {
        upstream.on("GET /videos/{id}", (request, exchange) -> {
            int poll = polls.incrementAndGet();
            Thread.sleep(2500); // two and a half leases
            FakeUpstream.json(exchange, 200, FakeUpstream.video("up_slow", poll >= 3 ? "completed" : "in_progress", 10 * poll));
        });
        first = start("heartbeat-one");
        second = start("heartbeat-two");
        jdbc = first.getBean(JdbcClient.class);
    }

    private static ConfigurableApplicationContext start(String name) {
        return GatewayInstance.start(Map.ofEntries(
                Map.entry("videorelay.sync.instance-id", name),
                Map.entry("videorelay.sync.tick", "50ms"),
                Map.entry("videorelay.sync.lease", "1s"),
                Map.entry("videorelay.sync.min-interval", "100ms"),
                Map.entry("videorelay.sync.max-interval", "100ms"),
                Map.entry("videorelay.upstreams[0].name", UPSTREAM),
                Map.entry("videorelay.upstreams[0].kind", "openai"),
                Map.entry("videorelay.upstreams[0].base-url", upstream.baseUrl()),
                Map.entry("videorelay.upstreams[0].api-key", "key-of-" + name),
                Map.entry("videorelay.upstreams[0].models[0]", "sora-2"),
                Map.entry("videorelay.upstreams[0].request-timeout", "10s")));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        upstream.close();
    }

    @Test
    void aCallLongerThanTheLeaseKeepsItsLeaseSoNoOtherInstanceAsksAtTheSameTime() {
        long project = jdbc.sql("insert into projects (name) values ('heartbeat') returning id").query(Long.class).single();
        jdbc.sql("""
                insert into video_tasks (id, project_id, model, status, upstream_name, upstream_video_id,
                                         submission_state, submitted_at, next_sync_at)
                values ('video_heartbeat', ?, 'sora-2', 'queued', ?, 'up_slow', 'accepted', now(), now())""")
                .params(project, UPSTREAM).update();

        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(jdbc.sql(
                "select status from video_tasks where id = 'video_heartbeat'").query(String.class).single()));

        assertThat(polls).hasValue(3);
        assertThat(upstream.maxConcurrentCallsFor("up_slow")).isEqualTo(1);
        assertThat(jdbc.sql("select coalesce(leased_by, '-') || ' ' || coalesce(next_sync_at::text, '-') "
                + "from video_tasks where id = 'video_heartbeat'").query(String.class).single()).isEqualTo("- -");
    }
}
