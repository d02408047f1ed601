package com.videorelay.apikey;

import com.videorelay.error.ApiErrorResponses;
import com.videorelay.error.ApiException;
import com.videorelay.observability.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code /v1/**} requests by {@code Authorization: Bearer <key>} and answers 401 in
 * OpenAI's words otherwise. The header's value is never logged; an unknown key is echoed masked only.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyAuthenticator authenticator;
    private final ApiErrorResponses errors;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(ApiKeyAuthenticator authenticator, ApiErrorResponses errors) {
        this.authenticator = authenticator;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = bearerToken(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            errors.write(response, missingKey());
            return;
        }
        Optional<ApiKeyPrincipal> caller;
        try {
            caller = authenticator.authenticate(token);
        } catch (RuntimeException lookupFailed) {
            errors.write(response, errors.toApiException(lookupFailed, request));
            return;
        }
        if (caller.isEmpty()) {
            errors.write(response, invalidKey(token));
            return;
        }
        MDC.put(RequestIds.MDC_PROJECT_ID, Long.toString(caller.get().projectId()));
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, List.of()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    private static String bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    static ApiException missingKey() {
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                "You didn't provide an API key. You need to provide your API key in an Authorization header "
                        + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                null, null, challenge());
    }

    static ApiException invalidKey(String token) {
        return new ApiException(HttpStatus.UNAUTHORIZED, ApiException.INVALID_REQUEST,
                "Incorrect API key provided: " + ApiKeyFormat.hint(token) + ".", null, "invalid_api_key",
                challenge());
    }

    private static HttpHeaders challenge() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }
}
