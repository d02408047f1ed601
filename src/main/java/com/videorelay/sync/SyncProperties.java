package com.videorelay.sync;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.sync}: the background job that keeps every relayed task up to date.
 *
 * @param enabled           run the job in this instance (every replica may; they share the work)
 * @param tick              how often to look for due tasks
 * @param batchSize         most tasks leased per upstream per tick (also bounded by the upstream's free call slots)
 * @param lease             how long a leased task is this instance's; another takes it over after that
 * @param minInterval       soonest next sync, used while the task moves
 * @param maxInterval       latest next sync of a task that does not move
 * @param maxBackoff        latest next sync after failed syncs
 * @param maxTaskAge        a task still running after this long fails with error.code generation_timed_out
 * @param maxDeleteAttempts tries to delete a deleted task's upstream copy before giving up
 * @param instanceId        this instance's name in video_tasks.leased_by; defaults to pid@host plus a random suffix
 * @param submissionSlack   added to every candidate upstream's timeouts before an unfinished create counts as
 *                          interrupted (the gateway died mid-create) and its task is marked failed
 */
@ConfigurationProperties("videorelay.sync")
public record SyncProperties(
        Boolean enabled,
        Duration tick,
        Integer batchSize,
        Duration lease,
        Duration minInterval,
        Duration maxInterval,
        Duration maxBackoff,
        Duration maxTaskAge,
        Integer maxDeleteAttempts,
        String instanceId,
        Duration submissionSlack) {

    public SyncProperties {
        enabled = enabled == null || enabled;
        tick = tick == null ? Duration.ofSeconds(1) : tick;
        batchSize = batchSize == null ? 200 : batchSize;
        lease = lease == null ? Duration.ofMinutes(2) : lease;
        minInterval = minInterval == null ? Duration.ofSeconds(2) : minInterval;
        maxInterval = maxInterval == null ? Duration.ofSeconds(30) : maxInterval;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        maxTaskAge = maxTaskAge == null ? Duration.ofHours(6) : maxTaskAge;
        maxDeleteAttempts = maxDeleteAttempts == null ? 20 : maxDeleteAttempts;
        instanceId = instanceId == null || instanceId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : instanceId;
        submissionSlack = submissionSlack == null ? Duration.ofMinutes(2) : submissionSlack;
        if (minInterval.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException("videorelay.sync.min-interval must not exceed max-interval");
        }
    }
}
