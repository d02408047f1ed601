package com.videorelay.sync;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code videorelay.sync}: the background job that submits nothing twice and keeps every relayed task
 * up to date. Each setting and its default is documented once, in docs/configuration.md; the defaults
 * live here and nowhere else.
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
        Integer lostAfterFailures,
        Duration removedUpstreamGrace,
        String instanceId,
        Duration submissionSlack) {

    public SyncProperties {
        enabled = enabled == null || enabled;
        tick = tick == null ? Duration.ofSeconds(1) : tick;
        batchSize = batchSize == null ? 200 : batchSize;
        lease = lease == null ? Duration.ofSeconds(20) : lease;
        minInterval = minInterval == null ? Duration.ofSeconds(2) : minInterval;
        maxInterval = maxInterval == null ? Duration.ofSeconds(30) : maxInterval;
        maxBackoff = maxBackoff == null ? Duration.ofMinutes(5) : maxBackoff;
        maxTaskAge = maxTaskAge == null ? Duration.ofHours(6) : maxTaskAge;
        maxDeleteAttempts = maxDeleteAttempts == null ? 20 : maxDeleteAttempts;
        lostAfterFailures = lostAfterFailures == null ? 3 : lostAfterFailures;
        removedUpstreamGrace = removedUpstreamGrace == null ? Duration.ofHours(1) : removedUpstreamGrace;
        instanceId = instanceId == null || instanceId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8)
                : instanceId;
        submissionSlack = submissionSlack == null ? Duration.ofMinutes(2) : submissionSlack;
        if (minInterval.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException("videorelay.sync.min-interval must not exceed max-interval");
        }
        if (lease.compareTo(tick.multipliedBy(2)) < 0 || lease.toMillis() < 400) {
            throw new IllegalArgumentException("videorelay.sync.lease must be at least two ticks and 400ms: it is "
                    + "renewed every quarter lease while its holder works");
        }
        if (lostAfterFailures < 1) {
            throw new IllegalArgumentException("videorelay.sync.lost-after-failures must be at least 1");
        }
    }

    /** How often an instance renews the leases of the tasks it is working on. */
    public Duration heartbeat() {
        return lease.dividedBy(4);
    }
}
