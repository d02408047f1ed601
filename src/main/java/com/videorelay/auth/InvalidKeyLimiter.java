package com.videorelay.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.videorelay.web.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Bounds what unknown keys can cost: per client address, a token bucket of {@code invalid-keys-per-minute}
 * refusals. Once an address has used it up, its requests are refused with 429 before any key lookup
 * (unless they carry a valid key the cache already knows), until the bucket refills. In memory, per
 * replica: a flood is cut off where it lands.
 */
@Component
class InvalidKeyLimiter {

    private final Cache<String, Bucket> buckets;
    private final long perMinute;

    InvalidKeyLimiter(AuthProperties properties) {
        this.perMinute = properties.invalidKeysPerMinute();
        this.buckets = Caffeine.newBuilder()
                .maximumSize(properties.invalidKeyAddresses())
                // A full bucket is what a new one would be: no need to remember an address longer.
                .expireAfterAccess(Duration.ofMinutes(2))
                .build();
    }

    /** The 429 to answer when this address has no refusals left. */
    Optional<ApiException> refusal(String address) {
        Bucket bucket = buckets.getIfPresent(address);
        if (bucket == null) {
            return Optional.empty();
        }
        long waitNanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        if (waitNanos <= 0) {
            return Optional.empty();
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        return Optional.of(new ApiException(HttpStatus.TOO_MANY_REQUESTS, ApiException.INVALID_REQUEST,
                "Too many requests with an invalid API key from your address. Please retry in " + seconds
                        + " seconds with a valid key.", null, "rate_limit_exceeded",
                HttpHeaders.readOnlyHttpHeaders(headers)));
    }

    /** Counts one request from this address that carried an unknown or revoked key. */
    void recordInvalid(String address) {
        buckets.get(address, ignored -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build()).tryConsume(1);
    }
}
