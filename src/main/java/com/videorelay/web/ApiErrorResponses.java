package com.videorelay.web;

import com.videorelay.ops.RequestIds;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where anything that went wrong becomes OpenAI's error envelope. The MVC exception
 * handler, the {@code /error} page and the security filters all go through here, so every error
 * the service answers has the same shape and no stack trace ever reaches a body.
 */
@Component
public class ApiErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorResponses.class);

    private final JsonMapper jsonMapper;

    public ApiErrorResponses(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    public ApiException toApiException(Throwable failure, HttpServletRequest request) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RefusedBody refused) {
                log.info("Refused the body of {} {}: {}", originalMethod(request), originalPath(request),
                        refused.getMessage());
                return refused.answer();
            }
        }
        return switch (failure) {
            case ApiException api -> api;
            case org.apache.tomcat.util.http.InvalidParameterException invalid -> {
                // Thrown by the container wherever a parameter is first read (any filter): the client's
                // mistake, worth one line, never a stack trace.
                log.info("Refused {} {}: {}", originalMethod(request), originalPath(request), invalid.getMessage());
                yield invalidParameters(invalid);
            }
            case MissingServletRequestParameterException missing -> ApiException.invalidRequest(
                    "Missing required parameter: '" + missing.getParameterName() + "'.",
                    missing.getParameterName(), "missing_required_parameter");
            case TypeMismatchException mismatch -> ApiException.invalidRequest(
                    "Invalid value for '" + mismatch.getPropertyName() + "'.",
                    mismatch.getPropertyName(), "invalid_value");
            case org.springframework.web.multipart.MaxUploadSizeExceededException tooLarge
                    when causedByLongPartHeaders(tooLarge) -> ApiException.invalidRequest(
                    "The headers of a part of the multipart body are too long: its name, filename or "
                            + "Content-Type is far longer than any file needs.", null,
                    "part_headers_too_long");
            case org.springframework.web.multipart.MaxUploadSizeExceededException _ -> fromStatus(
                    HttpStatus.CONTENT_TOO_LARGE.value(), request);
            case org.springframework.web.multipart.MultipartException _ -> ApiException.invalidRequest(
                    "We could not parse the multipart body of your request.", null, "invalid_body");
            case HttpMessageNotReadableException _ -> ApiException.invalidRequest(
                    "We could not parse the body of your request. The API expects a valid JSON payload.",
                    null, "invalid_body");
            case ErrorResponse framework when framework.getStatusCode().is4xxClientError() ->
                    fromStatus(framework.getStatusCode().value(), framework.getHeaders(), request);
            case DataAccessResourceFailureException _, TransientDataAccessException _,
                 CannotCreateTransactionException _ -> {
                log.warn("Database unavailable: {}", failure.toString());
                yield serviceUnavailable();
            }
            case AsyncRequestNotUsableException _ -> {
                // The client went away mid-response: nothing to answer, nothing wrong on our side.
                log.debug("Client disconnected: {}", failure.toString());
                yield serverError(request);
            }
            default -> {
                log.error("Unexpected failure on {} {} ({})", originalMethod(request), originalPath(request),
                        RequestIds.of(request), failure);
                yield serverError(request);
            }
        };
    }

    /** Tomcat reports too-long part headers as a size limit; to the client it is a malformed part, not a big body. */
    private static boolean causedByLongPartHeaders(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().startsWith("Header section has more than")) {
                return true;
            }
        }
        return false;
    }

    private static ApiException invalidParameters(org.apache.tomcat.util.http.InvalidParameterException invalid) {
        for (Throwable cause = invalid.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.charset.CharacterCodingException
                    || cause.getClass().getName().startsWith("org.apache.tomcat.util.buf.UDecoder")) {
                return ApiException.invalidRequest("The query string is not valid: it must be percent-encoded UTF-8.",
                        null, "invalid_query_string");
            }
        }
        return ApiException.invalidRequest("The request's parameters could not be read (too many, or not "
                + "validly encoded).", null, "invalid_parameters");
    }

    /** For errors that reach us as a bare status (the servlet container's error dispatch). */
    public ApiException fromStatus(int status, HttpServletRequest request) {
        return fromStatus(status, HttpHeaders.EMPTY, request);
    }

    private ApiException fromStatus(int status, HttpHeaders headers, HttpServletRequest request) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == null || known == HttpStatus.INTERNAL_SERVER_ERROR) {
            return serverError(request);
        }
        if (known == HttpStatus.SERVICE_UNAVAILABLE) {
            return serviceUnavailable();
        }
        String method = originalMethod(request);
        String path = originalPath(request);
        // A request the container could not even parse has no method or path to name.
        String described = method == null || path == null ? "" : " (" + method + " " + path + ")";
        return switch (known) {
            case NOT_FOUND -> new ApiException(known, ApiException.INVALID_REQUEST,
                    "Invalid URL" + described, null, "unknown_url", headers);
            case METHOD_NOT_ALLOWED -> new ApiException(known, ApiException.INVALID_REQUEST,
                    "Method " + method + " is not allowed for " + path + ".", null, "method_not_allowed", headers);
            case UNSUPPORTED_MEDIA_TYPE -> new ApiException(known, ApiException.INVALID_REQUEST,
                    "Unsupported Content-Type" + described + ".", null, "unsupported_media_type", headers);
            case CONTENT_TOO_LARGE -> new ApiException(known, ApiException.INVALID_REQUEST,
                    "The request body is too large.", null, "request_too_large", headers);
            // Anything else keeps its status (e.g. the container's 501 for an unknown transfer coding,
            // 505 for an unsupported HTTP version): the client sent something this server does not take.
            default -> new ApiException(known, ApiException.INVALID_REQUEST,
                    "Invalid request" + described + ": " + known.getReasonPhrase() + ".", null, null, headers);
        };
    }

    /** 503 in OpenAI's words: the database (or another dependency) cannot answer right now. */
    public static ApiException serviceUnavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ApiException.SERVER_ERROR,
                "The service is temporarily unavailable. Please retry your request shortly.",
                null, "service_unavailable");
    }

    private ApiException serverError(HttpServletRequest request) {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, ApiException.SERVER_ERROR,
                "The server had an error while processing your request. Sorry about that! "
                        + "(Please include the request ID " + RequestIds.of(request) + " if you contact support.)",
                null, null);
    }

    public ResponseEntity<ErrorEnvelope> toResponseEntity(ApiException error) {
        // An explicit content type skips Accept negotiation: errors are JSON whatever the client asked for.
        return ResponseEntity.status(error.status())
                .headers(error.headers())
                .contentType(MediaType.APPLICATION_JSON)
                .body(error.toEnvelope());
    }

    /** For filters that answer before Spring MVC is reached (authentication, rejected URLs). */
    public void write(HttpServletResponse response, ApiException error) throws IOException {
        if (response.isCommitted()) {
            log.warn("Response already committed; cannot send error {}", error.getMessage());
            return;
        }
        byte[] body = jsonMapper.writeValueAsBytes(error.toEnvelope());
        response.resetBuffer();
        response.setStatus(error.status().value());
        error.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        // Written, not closed: the container completes the response after the filter chain has returned.
        response.getOutputStream().write(body);
    }

    /** On the container's error dispatch, the method and path of the request that failed, not of the dispatch. */
    private static String originalMethod(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        return forwarded instanceof String method ? method : request.getMethod();
    }

    private static String originalPath(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return forwarded instanceof String uri ? uri : request.getRequestURI();
    }
}
