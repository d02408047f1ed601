package com.videorelay.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.videorelay.support.FakeUpstream;
import com.videorelay.support.GatewayInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two complete gateway instances on one database, as two replicas would run: every active task is
 * synced, no task is ever asked about by both at once, both share the work, and tasks leased by a
 * crashed instance are taken over once its lease has run out. Each instance uses its own upstream
 * credential, so the fake upstream can tell who asked.
 */
class TwoInstancesShareTheSyncTest {

    private static final int TASKS = 300;
    private static final String UPSTREAM = "shared-fake";

    private static final FakeUpstream upstream = new FakeUpstream();
    private static final Map<String, AtomicInteger> pollsPerTask = new ConcurrentHashMap<>();
    private static final Map<String, AtomicInteger> pollsPerInstance = new ConcurrentHashMap<>();
    private static final Map<String, java.time.Instant> firstPoll = new ConcurrentHashMap<>();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static JdbcClient jdbc;

    @BeforeAll
    static void twoInstances() {
        upstream.on("GET /videos/{id}", (request, exchange) -> {
            String upstreamId = request.path().substring("/videos/".length());
            pollsPerInstance.computeIfAbsent(request.header("Authorization"), k -> new AtomicInteger()).incrementAndGet();
            firstPoll.putIfAbsent(upstreamId, java.time.Instant.now());
            int polls = pollsPerTask.computeIfAbsent(upstreamId, k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(20); // long enough for overlapping polls of one task to be seen
            FakeUpstream.json(exchange, 200, FakeUpstream.video(upstreamId, polls >= 2 ? "completed" : "in_progress", 50));
        });
        first = start("instance-one");
        second = start("instance-two");
        jdbc = first.getBean(JdbcClient.class);
    }

    private static ConfigurableApplicationContext start(String name) {
        return GatewayInstance.start(Map.ofEntries(
                Map.entry("spring.datasource.hikari.maximum-pool-size", "6"),
                Map.entry("videorelay.sync.instance-id", name),
                Map.entry("videorelay.sync.tick", "50ms"),
                Map.entry("videorelay.sync.min-interval", "100ms"),
                Map.entry("videorelay.sync.max-interval", "200ms"),
                Map.entry("videorelay.sync.batch-size", "25"),
                Map.entry("videorelay.upstreams[0].name", UPSTREAM),
                Map.entry("videorelay.upstreams[0].kind", "openai"),
                Map.entry("videorelay.upstreams[0].base-url", upstream.baseUrl()),
                Map.entry("videorelay.upstreams[0].api-key", "key-of-" + name),
                Map.entry("videorelay.upstreams[0].models[0]", "sora-2"),
                Map.entry("videorelay.upstreams[0].max-concurrency", "8")));
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
    void everyActiveTaskIsSyncedNoneByBothAtOnceAndCrashedLeasesAreTakenOver() {
        long project = jdbc.sql("insert into projects (name) values ('two-instances') returning id")
                .query(Long.class).single();
        List<String> ids = IntStream.range(0, TASKS).mapToObj(i -> "video_shared_" + i).toList();
        for (int i = 0; i < TASKS; i++) {
            // Not due yet: however long inserting takes, no instance touches a row before the next statement.
            jdbc.sql("""
                    insert into video_tasks (id, project_id, model, status, upstream_name, upstream_video_id,
                                             submission_state, submitted_at)
                    values (?, ?, 'sora-2', 'queued', ?, ?, 'accepted', now())""")
                    .params(ids.get(i), project, UPSTREAM, "up_" + ids.get(i)).update();
        }
        // The first twenty are held by an instance that died: their lease runs out two seconds from now.
        // Lease and due time are set, and the lease ends read back, in one statement.
        Map<String, java.time.OffsetDateTime> crashedLeaseEnds = new java.util.HashMap<>();
        jdbc.sql("""
                update video_tasks set next_sync_at = now(),
                       leased_by = case when id = any(?) then 'crashed-instance' end,
                       leased_until = case when id = any(?) then now() + interval '2 seconds' end
                 where project_id = ?
                returning id, leased_until""")
                .params(ids.subList(0, 20).toArray(String[]::new), ids.subList(0, 20).toArray(String[]::new), project)
                .query().listOfRows().stream().filter(row -> row.get("leased_until") != null)
                .forEach(row -> crashedLeaseEnds.put((String) row.get("id"),
                        ((java.sql.Timestamp) row.get("leased_until")).toInstant().atOffset(java.time.ZoneOffset.UTC)));
        assertThat(crashedLeaseEnds).hasSize(20);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.sql(
                "select count(*) from video_tasks where upstream_name = ? and status = 'completed'")
                .param(UPSTREAM).query(Long.class).single() == TASKS);

        assertThat(ids).allSatisfy(id -> {
            assertThat(pollsPerTask.get("up_" + id)).as(id).hasValue(2);
            assertThat(upstream.maxConcurrentCallsFor("up_" + id)).as(id).isEqualTo(1);
        });
        // A crashed instance's tasks were taken over, but only once its lease had run out.
        crashedLeaseEnds.forEach((id, leaseEnd) -> assertThat(firstPoll.get("up_" + id)).as(id)
                .isAfterOrEqualTo(leaseEnd.toInstant().minusMillis(20)));
        // max-concurrency 8 per instance: the upstream never had more than 16 calls at once.
        assertThat(upstream.maxConcurrentCalls()).isBetween(2, 16);
        assertThat(pollsPerInstance.get("Bearer key-of-instance-one")).hasValueGreaterThan(TASKS / 10);
        assertThat(pollsPerInstance.get("Bearer key-of-instance-two")).hasValueGreaterThan(TASKS / 10);
        assertThat(jdbc.sql("select id || ' ' || status || ' ' || coalesce(leased_by, '-') || ' ' "
                + "|| coalesce(next_sync_at::text, '-') from video_tasks where upstream_name = ? and "
                + "(leased_by is not null or next_sync_at is not null)").param(UPSTREAM).query(String.class).list())
                .isEmpty();
    }
}
