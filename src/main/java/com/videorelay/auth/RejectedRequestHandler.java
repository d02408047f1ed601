package com.videorelay.auth;

import com.videorelay.web.ApiErrorResponses;
import com.videorelay.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Spring Security's firewall refuses URLs with {@code ;}, {@code %2F}, {@code %25}, {@code //} and the
 * like, and unknown methods, before any filter runs. Such requests are answered as the rest of the
 * chain would have answered them, in the same order: under {@code /v1/} the API key first (401), then
 * the method (405), then the path. Under {@code /v1/videos/} a refused path can only be a malformed
 * video id, so it gets the same 404 as an unknown one; anywhere else it is a 400.
 */
@Component
class RejectedRequestHandler implements RequestRejectedHandler {

    private static final Pattern PATH_PARAMETERS = Pattern.compile(";[^/]*");
    private static final Pattern DOUBLED_SLASHES = Pattern.compile("/{2,}");
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
        String path = routedPath(request.getRequestURI());
        if (path.startsWith("/v1/") && bearer.authenticate(request, response).isEmpty()) {
            return;
        }
        ApiException answer;
        if (!METHODS.contains(request.getMethod())) {
            answer = errors.fromStatus(HttpStatus.METHOD_NOT_ALLOWED.value(), request);
        } else if (path.startsWith("/v1/videos/")) {
            answer = ApiException.notFound("Video not found", "video_not_found"); // as for an unknown id
        } else {
            answer = ApiException.invalidRequest(
                    "Invalid URL (" + request.getMethod() + "): the path contains characters that are not allowed.",
                    null, "invalid_url");
        }
        errors.write(response, answer);
    }

    /**
     * The refused URI roughly as routing would have read it (no {@code ;params}, no doubled slashes,
     * percent-decoded), only to tell {@code /v1/} and {@code /v1/videos/} apart: {@code //v1/videos/x}
     * must ask for a key like {@code /v1/videos/x} does. Nothing is ever routed by it.
     */
    static String routedPath(String uri) {
        String path = DOUBLED_SLASHES.matcher(PATH_PARAMETERS.matcher(uri).replaceAll("")).replaceAll("/");
        try {
            return UriUtils.decode(path, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException undecodable) {
            return path;
        }
    }
}
