package com.videorelay.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/** Puts the API key's caller into the security context for the API's paths, or answers 401. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final RequestMatcher apiPaths;
    private final BearerAuthentication bearer;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    /** @param apiPaths the very matcher the authorization rules use, so the two can never disagree */
    ApiKeyAuthenticationFilter(RequestMatcher apiPaths, BearerAuthentication bearer) {
        this.apiPaths = apiPaths;
        this.bearer = bearer;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !apiPaths.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<ApiKeyPrincipal> caller = bearer.authenticate(request, response);
        if (caller.isEmpty()) {
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller.get(), null, List.of()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
