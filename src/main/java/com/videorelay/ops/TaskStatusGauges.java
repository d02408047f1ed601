package com.videorelay.ops;

import com.videorelay.task.VideoStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Gauges {@code videorelay.tasks{status=…}} (Prometheus: {@code videorelay_tasks}), one per status, all
 * five always present. Every {@code task-counts-refresh}, in the background, each replica reads the
 * five rows of {@code task_status_counts}; only one replica per interval (the first to take an advisory
 * lock once the counts are older than the interval) recounts the table into them, so the cost of the
 * count does not grow with the number of replicas. Never per scrape: scraping costs the database nothing
 * and still answers while the database is down (with the last counts; {@code videorelay_tasks_refreshed_seconds}
 * tells when this replica last read them).
 */
@Component
@ConditionalOnWebApplication
class TaskStatusGauges implements SmartInitializingSingleton, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(TaskStatusGauges.class);

    /** Arbitrary, fixed: the advisory lock only the recount takes. */
    private static final long LOCK = 0x5652_5441_534b_4331L;

    private final JdbcClient jdbc;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final MetricsProperties properties;
    private final Map<VideoStatus, AtomicLong> counts = new EnumMap<>(VideoStatus.class);
    private final AtomicLong refreshedAtEpochSecond = new AtomicLong();

    TaskStatusGauges(JdbcClient jdbc, org.springframework.transaction.support.TransactionTemplate transactions,
                     MeterRegistry registry, MetricsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        for (VideoStatus status : VideoStatus.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(status, count);
            Gauge.builder("videorelay.tasks", count, AtomicLong::get)
                    .description("Video tasks in this status, all projects (recounted every task-counts-refresh)")
                    .tag("status", status.value())
                    .register(registry);
        }
        Gauge.builder("videorelay.tasks.refreshed", refreshedAtEpochSecond, AtomicLong::get)
                .description("When the videorelay_tasks gauges were last recounted, in unix seconds")
                .baseUnit("seconds")
                .register(registry);
    }

    @Override
    public void afterSingletonsInstantiated() {
        refresh();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::refreshIfDue, properties.taskCountsRefresh(), properties.taskCountsRefresh()));
    }

    /**
     * Recounts now if no other replica is recounting at this moment, then reads the counts; when the
     * database cannot answer, the gauges keep their last values.
     */
    void refresh() {
        update(false);
    }

    /** The schedule's refresh: recounts only if nobody did within the last refresh interval. */
    private void refreshIfDue() {
        update(true);
    }

    private void update(boolean onlyIfDue) {
        Map<String, Long> found = new HashMap<>();
        long millis = properties.taskCountsRefresh().toMillis();
        try {
            transactions.executeWithoutResult(status -> {
                // One replica at a time counts the whole table; everyone else reads its result.
                boolean counting = jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()
                        && (!onlyIfDue || jdbc.sql("select coalesce(max(counted_at) < now() - ? * interval '0.8 millisecond', true) "
                        + "from task_status_counts").param(millis).query(Boolean.class).single());
                if (counting) {
                    jdbc.sql("""
                            insert into task_status_counts (status, tasks, counted_at)
                            select s.status, count(t.status), now()
                              from unnest(array[%s]) as s(status)
                              left join video_tasks t on t.status = s.status
                             group by s.status
                            on conflict (status) do update set tasks = excluded.tasks, counted_at = excluded.counted_at""".formatted(
                            VideoStatus.ALL_SQL))
                            .update();
                }
            });
            jdbc.sql("select status, tasks from task_status_counts")
                    .query(row -> {
                        found.put(row.getString(1), row.getLong(2)); // called once per row
                    });
        } catch (DataAccessException | org.springframework.transaction.TransactionException failed) {
            log.warn("Could not recount tasks by status; the gauges keep their last values: {}", failed.toString());
            return;
        }
        counts.forEach((status, count) -> count.set(found.getOrDefault(status.value(), 0L)));
        refreshedAtEpochSecond.set(System.currentTimeMillis() / 1000);
    }

}
