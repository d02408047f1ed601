package com.videorelay.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Catches everything thrown in Spring MVC (including its own 404/405/400 exceptions). */
@RestControllerAdvice
class ApiExceptionHandler {

    private final ApiErrorResponses errors;

    ApiExceptionHandler(ApiErrorResponses errors) {
        this.errors = errors;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorEnvelope> handle(Exception failure, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        if (response.isCommitted()) {
            // Part of a body (a video mid-download) is already on its way: a JSON error now would end up
            // inside it. Rethrown, the failure reaches Tomcat, which closes the connection at once, so the
            // client sees a broken download rather than a complete-looking, corrupt one.
            throw failure;
        }
        return errors.toResponseEntity(errors.toApiException(failure, request));
    }
}
