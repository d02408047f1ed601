package com.videorelay.upstream;

import com.videorelay.error.ApiException;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * What a client is told when upstreams did not do what it asked. The upstream's name, address and
 * credential never appear; its own message does only for a 4xx about the client's request.
 */
public final class UpstreamErrors {

    private UpstreamErrors() {
    }

    /** After every eligible upstream was tried: the last refusal decides if it was the client's fault. */
    public static ApiException afterAttempts(List<UpstreamFailure> failures) {
        return afterAttempts(failures, null, null);
    }

    /** The same, with the upstream's id for a video replaced by the gateway's in a passed-on message. */
    public static ApiException afterAttempts(List<UpstreamFailure> failures, String upstreamId, String gatewayId) {
        UpstreamFailure last = failures.getLast();
        if (last.kind() == UpstreamFailure.Kind.REJECTED) {
            HttpStatus status = HttpStatus.resolve(last.status());
            String message = last.upstreamMessage() != null ? last.upstreamMessage()
                    : "The video provider refused the request (HTTP " + last.status() + ").";
            if (upstreamId != null) {
                message = message.replace(upstreamId, gatewayId);
            }
            return new ApiException(status == null || !status.is4xxClientError() ? HttpStatus.BAD_REQUEST : status,
                    ApiException.INVALID_REQUEST, message, last.upstreamParam(), last.upstreamCode());
        }
        if (failures.stream().allMatch(failure -> failure.kind() == UpstreamFailure.Kind.RATE_LIMITED)) {
            return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "requests",
                    "The video providers are at their rate limit. Please retry your request shortly.",
                    null, "rate_limit_exceeded");
        }
        if (failures.stream().allMatch(failure -> failure.kind() == UpstreamFailure.Kind.UNREACHABLE
                || failure.kind() == UpstreamFailure.Kind.TIMEOUT || failure.kind() == UpstreamFailure.Kind.RATE_LIMITED)) {
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
