package com.videorelay.auth;

import org.springframework.http.HttpHeaders;

/** Reads the credential of {@code Authorization: Bearer <token>}; the one parser for API keys and the admin token. */
public final class BearerToken {

    private static final String SCHEME = "Bearer ";

    private BearerToken() {
    }

    /**
     * The token, trimmed; null when the header is absent, names another scheme or carries nothing.
     * The scheme is case-insensitive (RFC 9110 §11.1).
     */
    public static String from(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** The {@code WWW-Authenticate} challenge every 401 of this gateway carries. */
    static HttpHeaders challenge() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }
}
