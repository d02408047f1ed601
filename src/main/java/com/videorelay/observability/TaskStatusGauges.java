package com.videorelay.observability;

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
import org.springframework.stereotype.Component;

/**
 * Gauges {@code videorelay.tasks{status=…}} (Prometheus: {@code videorelay_tasks}), one per status, all
 * five always present. They are recounted with one grouped query every {@code task-counts-refresh}
 * in the background, never per scrape, so scraping costs the database nothing and still answers while
 * the database is down (with the last counts; {@code videorelay_tasks_refreshed_seconds} tells their age).
 */
@Component
@ConditionalOnWebApplication
class TaskStatusGauges implements SmartInitializingSingleton, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskStatusGauges.class);

    private final JdbcClient jdbc;
    private final MetricsProperties properties;
    private final Map<VideoStatus, AtomicLong> counts = new EnumMap<>(VideoStatus.class);
    private final AtomicLong refreshedAtEpochSecond = new AtomicLong();
    private Periodically refreshes;

    TaskStatusGauges(JdbcClient jdbc, MeterRegistry registry, MetricsProperties properties) {
        this.jdbc = jdbc;
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
        refreshes = Periodically.run("task-status-gauges", properties.taskCountsRefresh(), this::refresh);
    }

    /** Recounts; when the database cannot answer, the gauges keep their last values. */
    void refresh() {
        Map<String, Long> found = new HashMap<>();
        try {
            jdbc.sql("select status, count(*) from video_tasks group by status")
                    .query(row -> {
                        found.put(row.getString(1), row.getLong(2)); // called once per row
                    });
        } catch (DataAccessException failed) {
            log.warn("Could not recount tasks by status; the gauges keep their last values: {}",
                    failed.getMostSpecificCause().toString());
            return;
        }
        counts.forEach((status, count) -> count.set(found.getOrDefault(status.value(), 0L)));
        refreshedAtEpochSecond.set(System.currentTimeMillis() / 1000);
    }

    @Override
    public void close() {
        if (refreshes != null) {
            refreshes.close();
        }
    }
}
