package com.videorelay.auth;

import com.videorelay.web.ApiErrorResponses;
import com.videorelay.web.ApiException;
import com.videorelay.ops.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Authorization: Bearer <key>} to caller, answering 401 in OpenAI's words when there is none.
 * The header's value is never logged; an unknown key is echoed masked only.
 */
@Component
public class BearerAuthentication {


    private final ApiKeyAuthenticator authenticator;
    private final InvalidKeyLimiter invalidKeys;
    private final ApiErrorResponses errors;

    BearerAuthentication(ApiKeyAuthenticator authenticator, InvalidKeyLimiter invalidKeys, ApiErrorResponses errors) {
        this.authenticator = authenticator;
        this.invalidKeys = invalidKeys;
        this.errors = errors;
    }

    /**
     * The caller (also put in the log context as {@code project_id}), or empty once the refusal has
     * been written: 401, 429 when the client's address sent too many unknown keys lately (no lookup is
     * made then, unless the key is a valid one already cached), or 503 when the key store cannot be reached.
     */
    public Optional<ApiKeyPrincipal> authenticate(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String token = BearerToken.from(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            errors.write(response, missingKey());
            return Optional.empty();
        }
        String address = request.getRemoteAddr();
        Optional<ApiException> flooding = invalidKeys.refusal(address);
        if (flooding.isPresent() && !authenticator.isCachedValid(token)) {
            errors.write(response, flooding.get());
            return Optional.empty();
        }
        Optional<ApiKeyPrincipal> caller;
        try {
            caller = authenticator.authenticate(token);
        } catch (RuntimeException lookupFailed) {
            errors.write(response, errors.toApiException(lookupFailed, request));
            return Optional.empty();
        }
        if (caller.isEmpty()) {
            invalidKeys.recordInvalid(address);
            errors.write(response, invalidKey(token));
        } else {
            tagLogLines(caller.get());
        }
        return caller;
    }

    /**
     * The caller if the request's key is already known and valid in memory, else empty. Asks no
     * database and writes no answer: for a path that answers from memory and leaves every other case
     * (no key, an unknown or revoked key, a key not cached yet) to the filter chain and its refusals.
     */
    public Optional<ApiKeyPrincipal> cachedCaller(HttpServletRequest request) {
        String token = BearerToken.from(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Optional.empty();
        }
        Optional<ApiKeyPrincipal> caller = authenticator.cachedCaller(token);
        caller.ifPresent(BearerAuthentication::tagLogLines);
        return caller;
    }

    /** The request's log lines, the access line included, name the caller's project. */
    private static void tagLogLines(ApiKeyPrincipal caller) {
        MDC.put(RequestIds.MDC_PROJECT_ID, Long.toString(caller.projectId()));
    }

    static ApiException missingKey() {
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                        + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null, null, BearerToken.challenge());
    }

    static ApiException invalidKey(String token) {
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                "Incorrect API key provided: " + ApiKeyFormat.hint(token) + ".", null, "invalid_api_key",
                BearerToken.challenge());
    }

}
