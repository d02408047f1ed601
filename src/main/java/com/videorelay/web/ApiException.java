package com.videorelay.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * An error the client should see, already in OpenAI's terms. Features throw it; {@link ApiErrorResponses}
 * turns it (and every other exception) into the envelope.
 */
public class ApiException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request_error";
    public static final String SERVER_ERROR = "server_error";

    private final HttpStatus status;
    private final String type;
    private final String param;
    private final String code;
    private final HttpHeaders headers;

    public ApiException(HttpStatus status, String type, String message, String param, String code) {
        this(status, type, message, param, code, HttpHeaders.EMPTY);
    }

    public ApiException(HttpStatus status, String type, String message, String param, String code,
                        HttpHeaders headers) {
        // No stack trace: these are expected outcomes, thrown on hot paths such as a 404 poll.
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.headers = headers;
    }

    public static ApiException invalidRequest(String message, String param, String code) {
        return new ApiException(HttpStatus.BAD_REQUEST, INVALID_REQUEST, message, param, code);
    }

    public static ApiException notFound(String message, String code) {
        return new ApiException(HttpStatus.NOT_FOUND, INVALID_REQUEST, message, null, code);
    }

    public HttpStatus status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public ErrorEnvelope toEnvelope() {
        return new ErrorEnvelope(new ApiError(getMessage(), type, param, code));
    }
}
