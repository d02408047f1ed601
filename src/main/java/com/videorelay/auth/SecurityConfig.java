package com.videorelay.auth;

import com.videorelay.web.ApiErrorResponses;
import com.videorelay.web.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * All of the gateway's Spring Security, in one place. Two stateless filter chains, no sessions, no CSRF
 * (no cookies are ever issued), no login pages:
 * <ul>
 *   <li>{@code /actuator/**}, first: health (with its liveness and readiness groups) is open, as probes
 *   expect; every other actuator endpoint needs the admin token ({@link AdminToken}).</li>
 *   <li>everything else: every {@code /v1/**} request needs a valid API key ({@link BearerAuthentication});
 *   the error page is open.</li>
 * </ul>
 * The firewall's refusals, which come before any chain, are answered by {@link RejectedRequestHandler}.
 * Every refusal is the API's error envelope.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfig {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, BearerAuthentication bearer, ApiErrorResponses errors)
            throws Exception {
        RequestMatcher apiPaths = PathPatternRequestMatcher.withDefaults().matcher("/v1/**");
        return stateless(http)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(apiPaths).authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
                        (request, response, failure) -> errors.write(response, BearerAuthentication.missingKey())))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiPaths, bearer), AuthorizationFilter.class)
                .build();
    }

    @Bean
    @Order(1) // before the API's chain, which matches every request
    SecurityFilterChain actuatorSecurity(HttpSecurity http, AdminToken adminToken, ApiErrorResponses errors)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher health = paths.matcher("/actuator/health/**"); // also matches /actuator/health
        return stateless(http)
                .securityMatcher(paths.matcher("/actuator/**"))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(health).permitAll()
                        .anyRequest().authenticated())
                // Not reached in practice (the filter answers first); there for completeness, in the same words.
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
                        (request, response, failure) -> errors.write(response, adminToken.refusal(null).orElseThrow())))
                .addFilterBefore(new AdminTokenFilter(health, adminToken, errors), AuthorizationFilter.class)
                .build();
    }

    /** Lets a request with the admin token through as the admin; answers every other one itself. */
    static final class AdminTokenFilter extends OncePerRequestFilter {

        private final RequestMatcher open;
        private final AdminToken adminToken;
        private final ApiErrorResponses errors;

        AdminTokenFilter(RequestMatcher open, AdminToken adminToken, ApiErrorResponses errors) {
            this.open = open;
            this.adminToken = adminToken;
            this.errors = errors;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return open.matches(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Optional<ApiException> refusal = adminToken.refusal(request.getHeader(HttpHeaders.AUTHORIZATION));
            if (refusal.isPresent()) {
                errors.write(response, refusal.get());
                return;
            }
            SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
                    List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
            SecurityContextHolder.getContextHolderStrategy().setContext(context);
            chain.doFilter(request, response);
        }
    }

    /** What both chains share: a bearer credential on each request, so no sessions, cookies, forms or pages. */
    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .headers(headers -> {
                    headers.defaultsDisabled();
                    SecurityHeaders.WRITERS.forEach(headers::addHeaderWriter);
                })
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }
}
