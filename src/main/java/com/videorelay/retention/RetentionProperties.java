package com.videorelay.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code videorelay.retention.*}: when finished tasks leave the database for good.
 *
 * @param enabled   whether this replica runs the purge at all (one replica at a time does the work)
 * @param keep      how long a task is kept after its assets expired ({@code expires_at}), after the client
 *                  deleted it ({@code deleted_at}), or, for failed and cancelled tasks that never had
 *                  assets, after it finished
 * @param interval  pause between two purges
 * @param batchSize rows deleted per statement, so no purge holds many row locks for long
 */
@ConfigurationProperties("videorelay.retention")
public record RetentionProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("30d") Duration keep,
                                  @DefaultValue("1h") Duration interval,
                                  @DefaultValue("1000") int batchSize) {
}
