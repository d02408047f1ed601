package com.videorelay.retention;

import com.videorelay.task.VideoStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes tasks {@code keep} after they stopped mattering: assets expired, deleted by the client, or
 * failed/cancelled without assets. Tasks whose upstream copy is still being deleted by the sync
 * ({@code next_sync_at} set) and unfinished tasks are never purged. Every {@code interval}, on every
 * replica; a transaction-scoped advisory lock lets one replica at a time do it, in batches.
 * Rows of tables that reference video_tasks with ON DELETE CASCADE go with their task. Videos the
 * gateway stored itself ({@code stored_videos}) are deleted as soon as they expire.
 */
@Component
@ConditionalOnWebApplication
class RetentionJob implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    /** Arbitrary, fixed: the advisory lock only this job takes. */
    private static final long LOCK = 0x5652_5245_5445_4e31L;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RetentionProperties properties;

    RetentionJob(JdbcClient jdbc, TransactionTemplate transactions, RetentionProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (properties.enabled()) {
            // The first run one interval from now, as the next after each run.
        tasks.addFixedDelayTask(new FixedDelayTask(this::purgeOrLog, properties.interval(), properties.interval()));
        }
    }

    private void purgeOrLog() {
        try {
            purge();
        } catch (DataAccessException | IllegalStateException failed) {
            log.warn("Task retention purge failed; retrying in {}: {}", properties.interval(), failed.toString());
        }
    }

    /** @return how many tasks were deleted; 0 also when another replica holds the purge right now */
    int purge() {
        int total = 0;
        while (true) {
            Integer deleted = transactions.execute(status -> {
                if (!jdbc.sql("select pg_try_advisory_xact_lock(?)").param(LOCK).query(Boolean.class).single()) {
                    return -1;
                }
                return jdbc.sql("""
                                delete from video_tasks where id in (
                                    select id from video_tasks
                                     where next_sync_at is null
                                       and (expires_at < now() - ? * interval '1 millisecond'
                                            or deleted_at < now() - ? * interval '1 millisecond'
                                            or (status in (%s, %s) and expires_at is null
                                                and coalesce(completed_at, updated_at) < now() - ? * interval '1 millisecond'))
                                     limit ?
                                       for update skip locked)""".formatted(VideoStatus.FAILED.sql(), VideoStatus.CANCELLED.sql()))
                        .params(properties.keep().toMillis(), properties.keep().toMillis(),
                                properties.keep().toMillis(), properties.batchSize())
                        .update();
            });
            if (deleted == null || deleted < 0) {
                break;
            }
            total += deleted;
            if (deleted < properties.batchSize()) {
                break;
            }
        }
        if (total > 0) {
            log.info("Task retention: deleted {} tasks finished, expired or deleted more than {} ago", total,
                    properties.keep());
        }
        // Videos the gateway stored itself go when they expire, not keep later: their bytes are the cost.
        int videos = jdbc.sql("delete from stored_videos where expires_at < now()").update();
        if (videos > 0) {
            log.info("Task retention: deleted {} expired stored videos", videos);
        }
        return total;
    }

}
