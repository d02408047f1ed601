package com.videorelay.ops;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
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
public class RequestLogFilter extends OncePerRequestFilter {

    private static final Logger accessLog = LoggerFactory.getLogger("videorelay.access");

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        // Tomcat refuses some requests (TRACE, say) before any filter runs and forwards them straight
        // to the error page: that dispatch is the only chance to give them an id and a log line.
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(RequestIds.ATTRIBUTE) != null) {
            chain.doFilter(request, response); // an error dispatch of a request we already handle
            return;
        }
        String requestId = RequestIds.newId();
        long started = System.nanoTime();
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            if (accessLog.isInfoEnabled()) {
                log(methodOf(request), pathOf(request), response.getStatus(), (System.nanoTime() - started) / 1_000_000,
                        MDC.get(RequestIds.MDC_PROJECT_ID));
            }
            MDC.remove(RequestIds.MDC_PROJECT_ID);
            MDC.remove(RequestIds.MDC_REQUEST_ID);
        }
    }

    /**
     * The access line; also written for requests the servlet container answers itself. The text is
     * what the plain console shows; the key-value pairs are separate fields in structured logs
     * ({@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs}), next to the MDC's request_id and project_id.
     */
    public static void log(String method, String path, int status, long millis, String projectId) {
        accessLog.atInfo()
                .addKeyValue("http.request.method", method)
                .addKeyValue("http.route", path)
                .addKeyValue("http.response.status_code", status)
                .addKeyValue("duration_ms", millis)
                .log("{} {} {} {}ms project={}", method, path, status, millis, projectId == null ? "-" : projectId);
    }

    private static String methodOf(HttpServletRequest request) {
        return request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_METHOD) instanceof String method
                ? method
                : request.getMethod();
    }

    /** The route template (/v1/videos/{video_id}) when one matched, so ids do not flood the log. */
    private static String pathOf(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            return uri;
        }
        return request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern
                ? pattern
                : request.getRequestURI();
    }
}
