package com.videorelay.video;

import com.videorelay.auth.ApiKeyPrincipal;
import com.videorelay.auth.BearerAuthentication;
import com.videorelay.auth.SecurityHeaders;
import com.videorelay.limits.PollRateLimit;
import com.videorelay.task.VideoIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The status poll's hot path: a poll whose task is in {@link PollCache}, by a key already known in
 * memory, within the project's poll rate, is answered here, ahead of Spring Security's chains and the
 * MVC dispatcher, with the same status, headers and body they would give (pinned by
 * CachedPollFilterTest). Everything else, including every refusal, goes on down the chain unchanged.
 *
 * <p>It runs after the request id, the access line and the request timer are set up (those filters
 * come first), and it names the route for both, as the dispatcher would.
 */
@Component
@ConditionalOnWebApplication
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1)
class CachedPollFilter extends HttpFilter {

    static final String PREFIX = "/v1/videos/";
    static final String ROUTE = "/v1/videos/{video_id}";

    private final PollCache cache;
    private final BearerAuthentication bearer;
    private final PollRateLimit polls;

    CachedPollFilter(PollCache cache, BearerAuthentication bearer, PollRateLimit polls) {
        this.cache = cache;
        this.bearer = bearer;
        this.polls = polls;
    }

    /**
     * A plain filter, not a OncePerRequestFilter: Spring Boot registers it for REQUEST dispatches only,
     * so it needs no per-request "already filtered" attribute, and error dispatches never reach it.
     */
    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        PollCache.Entry kept = keptFor(request);
        Optional<ApiKeyPrincipal> caller = kept == null ? Optional.empty() : bearer.cachedCaller(request);
        if (caller.isEmpty() || caller.get().projectId() != kept.projectId()
                || !polls.admit(caller.get().projectId(), response)) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, ROUTE);
        ServerHttpObservationFilter.findObservationContext(request).ifPresent(observed -> observed.setPathPattern(ROUTE));
        SecurityHeaders.write(request, response);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        Long pollAfterMs = kept.pollAfterMs();
        if (pollAfterMs != null) {
            response.setHeader(VideoController.POLL_AFTER_HEADER, Long.toString(pollAfterMs));
        }
        byte[] body = kept.json();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The cached answer for a GET of /v1/videos/{id}, or null. */
    private PollCache.Entry keptFor(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (!"GET".equals(request.getMethod()) || !uri.startsWith(PREFIX) || !request.getContextPath().isEmpty()) {
            return null;
        }
        // The raw URI: anything encoded, or with a path parameter, is not a well-formed id and goes on
        // to the chain's firewall.
        String id = uri.substring(PREFIX.length());
        return VideoIds.isWellFormed(id) ? cache.get(id) : null;
    }
}
