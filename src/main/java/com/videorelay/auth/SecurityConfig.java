package com.videorelay.auth;

import com.videorelay.web.ApiErrorResponses;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Stateless API security: every {@code /v1/**} request needs a valid API key; health and the error
 * page are open. No sessions, no CSRF (no cookies are ever issued), no login pages.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfig {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, BearerAuthentication bearer, ApiErrorResponses errors)
            throws Exception {
        RequestMatcher apiPaths = PathPatternRequestMatcher.withDefaults().matcher("/v1/**");
        return StatelessSecurity.apply(http)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(apiPaths).authenticated()
                        .anyRequest().permitAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(
                        (request, response, failure) -> errors.write(response, BearerAuthentication.missingKey())))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiPaths, bearer), AuthorizationFilter.class)
                .build();
    }
}
