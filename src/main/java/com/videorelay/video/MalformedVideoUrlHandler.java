package com.videorelay.video;

import com.videorelay.error.ApiErrorResponses;
import com.videorelay.error.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * Spring Security's firewall refuses URLs with {@code ;}, {@code %2F}, {@code %25}, {@code //} and the
 * like before any of our code runs. Under {@code /v1/videos/} such a URL can only be a malformed video
 * id, which must get the same 404 as an unknown one; anywhere else it is a 400, in the envelope.
 */
@Component
class MalformedVideoUrlHandler implements RequestRejectedHandler {

    private final ApiErrorResponses errors;

    MalformedVideoUrlHandler(ApiErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        ApiException answer = request.getRequestURI().startsWith("/v1/videos/")
                ? VideoService.notFound()
                : new ApiException(HttpStatus.BAD_REQUEST, ApiException.INVALID_REQUEST,
                        "Invalid URL (" + request.getMethod() + "): the path contains characters that are not allowed.",
                        null, "invalid_url");
        errors.write(response, answer);
    }
}
