package com.videorelay.error;

import jakarta.servlet.http.HttpServletRequest;
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
    ResponseEntity<ErrorEnvelope> handle(Exception failure, HttpServletRequest request) {
        return errors.toResponseEntity(errors.toApiException(failure, request));
    }
}
