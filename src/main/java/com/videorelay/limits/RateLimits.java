package com.videorelay.limits;

import com.videorelay.web.ApiException;
import io.github.bucket4j.ConsumptionProbe;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** OpenAI's words and headers for a refused or counted request. */
final class RateLimits {

    static final String LIMIT = "x-ratelimit-limit-requests";
    static final String REMAINING = "x-ratelimit-remaining-requests";
    static final String RESET = "x-ratelimit-reset-requests";

    private RateLimits() {
    }

    static long secondsToWait(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }

    /** The three x-ratelimit-*-requests headers; reset is when the bucket is full again, as OpenAI's "1s"/"6m0s". */
    static HttpHeaders headers(long limit, ConsumptionProbe probe, long nanosToFull) {
        HttpHeaders headers = new HttpHeaders();
        write(limit, probe, nanosToFull, headers::set);
        return headers;
    }

    /** The same three headers, each handed to {@code header}: straight onto a response, with no map per poll. */
    static void write(long limit, ConsumptionProbe probe, long nanosToFull, BiConsumer<String, String> header) {
        header.accept(LIMIT, Long.toString(limit));
        header.accept(REMAINING, Long.toString(Math.max(0, probe.getRemainingTokens())));
        header.accept(RESET, duration(nanosToFull));
    }

    static String duration(long nanos) {
        long millis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(nanos));
        if (millis < 1000) {
            return millis + "ms";
        }
        long seconds = (millis + 999) / 1000;
        return seconds < 60 ? seconds + "s" : (seconds / 60) + "m" + (seconds % 60) + "s";
    }

    /** OpenAI's types: "requests" for rate limits, "insufficient_quota" for an exhausted budget. */
    static ApiException tooMany(String message, String type, String code, long retryAfterSeconds, HttpHeaders headers) {
        HttpHeaders all = new HttpHeaders();
        all.addAll(headers);
        all.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, type, message, null, code,
                HttpHeaders.readOnlyHttpHeaders(all));
    }
}
