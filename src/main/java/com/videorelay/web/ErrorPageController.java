package com.videorelay.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON error page: whatever the servlet container forwards to
 * {@code /error} (a failure in a filter, a container-level rejection) is answered with the envelope.
 */
@RestController
class ErrorPageController implements ErrorController {

    private final ApiErrorResponses errors;

    ErrorPageController(ApiErrorResponses errors) {
        this.errors = errors;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ErrorEnvelope> error(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure) {
            return errors.toResponseEntity(errors.toApiException(failure, request));
        }
        // Requested directly, /error is just another unknown URL.
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        return errors.toResponseEntity(errors.fromStatus(status, request));
    }
}
