package com.videorelay.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.videorelay.auth.ApiKeyPrincipal;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * {@code polls-per-second} for GET requests under /v1/videos, per project and per replica: an in-memory
 * token bucket (Bucket4j), so the poll path makes no database round trip. Every answered poll carries
 * the x-ratelimit-*-requests headers; a refused one is 429 {@code rate_limit_exceeded} with Retry-After.
 */
@Component
public class PollRateLimit implements HandlerInterceptor {

    private record Limited(int perSecond, Bucket bucket) {
    }

    private final LimitsService limits;
    private final Cache<Long, Limited> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(5))
            .build();

    PollRateLimit(LimitsService limits) {
        this.limits = limits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"GET".equals(request.getMethod())) {
            return true;
        }
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !(caller.getPrincipal() instanceof ApiKeyPrincipal principal)) {
            return true;
        }
        int perSecond = limits.of(principal.projectId()).pollsPerSecond();
        if (perSecond == 0) {
            throw RateLimits.tooMany("Polling is disabled for your project (polls per second: 0).", "requests",
                    "rate_limit_exceeded", 60, HttpHeaders.EMPTY);
        }
        ConsumptionProbe probe = bucket(principal.projectId(), perSecond).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long wait = RateLimits.secondsToWait(probe.getNanosToWaitForRefill());
            throw RateLimits.tooMany("Rate limit reached for polls: " + perSecond + " per second for your project. "
                    + "Please retry in " + wait + "s.", "requests", "rate_limit_exceeded", wait,
                    RateLimits.headers(perSecond, probe, nanosToFull(perSecond, probe)));
        }
        RateLimits.write(perSecond, probe, nanosToFull(perSecond, probe), response::setHeader);
        return true;
    }

    /**
     * For a poll answered ahead of the MVC pipeline: takes one poll from the project's bucket and
     * writes the same x-ratelimit-* headers as {@link #preHandle}, or, when the poll would be refused,
     * takes and writes nothing and returns false, so the request goes on to the pipeline, which
     * refuses it in the API's words.
     */
    public boolean admit(long projectId, HttpServletResponse response) {
        int perSecond = limits.of(projectId).pollsPerSecond();
        if (perSecond == 0) {
            return false;
        }
        ConsumptionProbe probe = bucket(projectId, perSecond).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            return false;
        }
        RateLimits.write(perSecond, probe, nanosToFull(perSecond, probe), response::setHeader);
        return true;
    }

    /** The common case is a lookup; a bucket is (re)built only for a new project or a changed limit. */
    private Bucket bucket(long projectId, int perSecond) {
        Limited limited = buckets.getIfPresent(projectId);
        if (limited == null || limited.perSecond() != perSecond) {
            limited = buckets.asMap().compute(projectId, (id, current) ->
                    current != null && current.perSecond() == perSecond ? current : new Limited(perSecond, Bucket.builder()
                            .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                            .build()));
        }
        return limited.bucket();
    }

    private static long nanosToFull(int perSecond, ConsumptionProbe probe) {
        return (perSecond - probe.getRemainingTokens()) * 1_000_000_000L / perSecond;
    }
}
