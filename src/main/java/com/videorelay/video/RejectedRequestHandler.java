package com.videorelay.video;

import com.videorelay.apikey.BearerAuthentication;
import com.videorelay.error.ApiErrorResponses;
import com.videorelay.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Spring Security's firewall refuses URLs with {@code ;}, {@code %2F}, {@code %25}, {@code //} and the
 * like, and unknown methods, before any filter runs. Such requests are answered as the rest of the
 * chain would have answered them, in the same order: under {@code /v1/} the API key first (401), then
 * the method (405), then the path. Under {@code /v1/videos/} a refused path can only be a malformed
 * video id, so it gets the same 404 as an unknown one; anywhere else it is a 400. It lives here
 * because that last decision is the only one with a meaning of its own.
 */
@Component
class RejectedRequestHandler implements RequestRejectedHandler {

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final BearerAuthentication bearer;
    private final ApiErrorResponses errors;

    RejectedRequestHandler(BearerAuthentication bearer, ApiErrorResponses errors) {
        this.bearer = bearer;
        this.errors = errors;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        // The raw URI: a refused request is never decoded or normalized.
        String uri = request.getRequestURI();
        if (uri.startsWith("/v1/") && bearer.authenticate(request, response).isEmpty()) {
            return;
        }
        ApiException answer;
        if (!METHODS.contains(request.getMethod())) {
            answer = errors.fromStatus(HttpStatus.METHOD_NOT_ALLOWED.value(), request);
        } else if (uri.startsWith("/v1/videos/")) {
            answer = VideoService.notFound();
        } else {
            answer = ApiException.invalidRequest(
                    "Invalid URL (" + request.getMethod() + "): the path contains characters that are not allowed.",
                    null, "invalid_url");
        }
        errors.write(response, answer);
    }
}
