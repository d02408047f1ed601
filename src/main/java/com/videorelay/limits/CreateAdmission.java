package com.videorelay.limits;

import com.videorelay.task.VideoStatus;
import com.videorelay.web.ApiErrorResponses;
import com.videorelay.web.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Whether a project may create one more video now: its unfinished tasks, its creates per
 * minute and its video seconds per UTC day. The last two are token buckets kept in PostgreSQL
 * ({@code rate_limit_buckets}, by Bucket4j, one row lock per check), so they hold across replicas.
 * Called once per create, right after the request was validated and before its task row is written.
 */
@Service
public class CreateAdmission {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CreateAdmission.class);

    private final LimitsService limits;
    private final JdbcClient jdbc;
    private final ProxyManager<String> buckets;

    CreateAdmission(LimitsService limits, JdbcClient jdbc, DataSource dataSource) {
        this.limits = limits;
        this.jdbc = jdbc;
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets").idColumn("id").stateColumn("state").expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /**
     * Admits the create or throws 429: {@code rate_limit_exceeded} for too many unfinished tasks or
     * creates per minute, {@code insufficient_quota} when the day's video seconds would be exceeded.
     * An admitted create has used its share even if no upstream accepts it afterwards.
     *
     * @param seconds the clip length requested (the default length when the client named none)
     */
    public void admit(long projectId, int seconds) {
        ProjectLimits limit = limits.of(projectId);
        try {
            checkUnfinished(projectId, limit.maxUnfinishedTasks());
            takeCreate(projectId, limit.createsPerMinute());
            takeSeconds(projectId, limit.videoSecondsPerDay(), seconds);
        } catch (ApiException refused) {
            throw refused;
        } catch (DataAccessException | io.github.bucket4j.BucketExceptions.BucketExecutionException unavailable) {
            // The database (or Bucket4j's use of it) cannot answer: the create cannot be admitted safely.
            log.warn("Could not check the limits of project {}: {}", projectId, unavailable.toString());
            throw ApiErrorResponses.serviceUnavailable();
        }
    }

    private void checkUnfinished(long projectId, int max) {
        long unfinished = jdbc.sql("""
                        select count(*) from video_tasks
                         where project_id = ? and status in (%s) and deleted_at is null""".formatted(VideoStatus.UNFINISHED_SQL))
                .param(projectId).query(Long.class).single();
        if (unfinished >= max) {
            throw RateLimits.tooMany("Your project has " + unfinished + " unfinished videos, the most it may have at "
                    + "once (" + max + "). Please retry when one has completed.", "requests", "rate_limit_exceeded",
                    10, HttpHeaders.EMPTY);
        }
    }

    private void takeCreate(long projectId, int perMinute) {
        if (perMinute == 0) {
            throw RateLimits.tooMany("Creating videos is disabled for your project (creates per minute: 0).",
                    "requests", "rate_limit_exceeded", 60, HttpHeaders.EMPTY);
        }
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build();
        ConsumptionProbe probe = buckets.builder()
                .withImplicitConfigurationReplacement(perMinute, TokensInheritanceStrategy.ADDITIVE)
                .build("creates:" + projectId, () -> configuration)
                .tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long wait = RateLimits.secondsToWait(probe.getNanosToWaitForRefill());
            long nanosToFull = (perMinute - probe.getRemainingTokens()) * 60_000_000_000L / perMinute;
            throw RateLimits.tooMany("Rate limit reached for video creates: " + perMinute + " per minute for your "
                            + "project. Please retry in " + wait + "s.", "requests", "rate_limit_exceeded", wait,
                    RateLimits.headers(perMinute, probe, nanosToFull));
        }
    }

    private void takeSeconds(long projectId, int perDay, int seconds) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LocalDate today = now.toLocalDate();
        long untilMidnight = Duration.between(now, today.plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds() + 1;
        boolean taken = perDay > 0 && buckets.builder()
                .withImplicitConfigurationReplacement(perDay, TokensInheritanceStrategy.ADDITIVE)
                // One bucket per project and UTC day, never refilled within its day.
                .build("video-seconds:" + projectId + ":" + today, () -> BucketConfiguration.builder()
                        .addLimit(Bandwidth.builder().capacity(perDay).refillIntervally(perDay, Duration.ofDays(1)).build())
                        .build())
                .tryConsume(seconds);
        if (!taken) {
            throw RateLimits.tooMany("You exceeded your project's daily video quota of " + perDay + " seconds. "
                    + "It resets at midnight UTC.", "insufficient_quota", "insufficient_quota", untilMidnight,
                    HttpHeaders.EMPTY);
        }
    }
}
