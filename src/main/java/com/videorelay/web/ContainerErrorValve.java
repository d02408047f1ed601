package com.videorelay.web;

import com.videorelay.ops.RequestIds;
import com.videorelay.ops.RequestLogFilter;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.MDC;

/**
 * Replaces Tomcat's HTML error report. It only speaks when nothing else wrote a body: requests
 * Tomcat refuses before any filter or the error page can run (a URL that is not valid percent-encoded
 * UTF-8, a NUL in the path, an unparsable request line). Everything else already carries the envelope.
 */
class ContainerErrorValve extends ErrorReportValve {

    private final ApiErrorResponses errors;

    ContainerErrorValve(ApiErrorResponses errors) {
        this.errors = errors;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        // No filter of ours ran for this request: give it its id and its access line here.
        String requestId = RequestIds.newId();
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        MDC.put(RequestIds.MDC_REQUEST_ID, requestId);
        try {
            RequestLogFilter.log(orDash(request.getMethod()), orDash(request.getRequestURI()), status,
                    System.currentTimeMillis() - request.getCoyoteRequest().getStartTime(), null);
        } finally {
            MDC.remove(RequestIds.MDC_REQUEST_ID);
        }
        try {
            response.setHeader(RequestIds.HEADER, requestId);
            errors.write(response, errors.fromStatus(status, request));
            response.finishResponse();
        } catch (IOException | IllegalStateException ignored) {
            // The client is gone or the response cannot take a body any more: nothing left to tell.
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
