package com.videorelay.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * First filter of every request: gives it an {@code x-request-id} (response header, MDC) and writes
 * one access line when it is done. Headers are never logged, so neither is the Authorization header.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger accessLog = LoggerFactory.getLogger("videorelay.access");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = RequestIds.newId();
        long started = System.nanoTime();
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            if (accessLog.isInfoEnabled()) {
                String project = MDC.get(RequestIds.MDC_PROJECT_ID);
                accessLog.info("{} {} {} {}ms project={}", request.getMethod(), pathOf(request), response.getStatus(),
                        (System.nanoTime() - started) / 1_000_000, project == null ? "-" : project);
            }
            MDC.remove(RequestIds.MDC_PROJECT_ID);
            MDC.remove(RequestIds.MDC_REQUEST_ID);
        }
    }

    /** The route template (/v1/videos/{video_id}) when one matched, so ids do not flood the log. */
    private static String pathOf(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern
                ? pattern
                : request.getRequestURI();
    }
}
