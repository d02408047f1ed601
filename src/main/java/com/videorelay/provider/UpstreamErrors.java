package com.videorelay.provider;

import com.videorelay.web.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * What a client is told when no upstream did what it asked. The upstream's name, address and
 * credentials never appear; a provider's own words do only for a rejection of the client's request.
 */
public final class UpstreamErrors {

    /** Retry-After when every upstream was rate limited and none said how long to wait. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

    private UpstreamErrors() {
    }

    /** A rejection of the request itself: the provider's status (a 4xx), message, param and code. */
    public static ApiException rejected(ProviderFailure failure) {
        HttpStatus status = HttpStatus.resolve(failure.httpStatus());
        String message = failure.clientMessage() != null ? failure.clientMessage()
                : "The video provider refused the request.";
        return new ApiException(status == null || !status.is4xxClientError() || status.value() == 429
                ? HttpStatus.BAD_REQUEST : status, ApiException.INVALID_REQUEST, message, failure.param(),
                failure.code() != null ? failure.code() : "invalid_request");
    }

    /** After every eligible upstream refused without creating anything: 429, 503 or 502. */
    public static ApiException notCreated(List<ProviderFailure> failures) {
        if (failures.stream().allMatch(f -> f.reason() == ProviderFailure.Reason.RATE_LIMITED
                || f.reason() == ProviderFailure.Reason.BUSY)) {
            Duration wait = failures.stream().map(ProviderFailure::retryAfter).filter(Objects::nonNull)
                    .min(Duration::compareTo).orElse(DEFAULT_RETRY_AFTER);
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
            return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "requests",
                    "The video providers are at their rate limit. Please retry your request shortly.",
                    null, "rate_limit_exceeded", headers);
        }
        if (failures.stream().allMatch(f -> f.reason() == ProviderFailure.Reason.UNREACHABLE
                || f.reason() == ProviderFailure.Reason.TIMEOUT || f.reason() == ProviderFailure.Reason.RATE_LIMITED
                || f.reason() == ProviderFailure.Reason.BUSY)) {
            return unavailable("The video provider could not be reached. Please retry your request shortly.");
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, ApiException.SERVER_ERROR,
                "The video provider failed to handle the request. Please retry your request shortly.",
                null, "upstream_error");
    }

    public static ApiException unavailable(String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ApiException.SERVER_ERROR, message, null,
                "upstream_unavailable");
    }
}
