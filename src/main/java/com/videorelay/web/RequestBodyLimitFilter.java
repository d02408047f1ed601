package com.videorelay.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a Content-Type that is not a concrete media type (415). Caps the size of non-multipart
 * request bodies (JSON) and the time reading one may take. A declared
 * Content-Length over the cap is refused before anything is read; otherwise the bytes are counted as
 * the parser reads them. Either refusal closes the connection, so the rest of the body is never read.
 * Runs right after the request log filter, before authentication, so an oversized body costs no lookup.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final HttpProperties properties;
    private final ApiErrorResponses errors;

    RequestBodyLimitFilter(HttpProperties properties, ApiErrorResponses errors) {
        this.properties = properties;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && !validContentType(type)) {
            // Spring MVC would fail on it deep inside (a 500): refuse it here, as any unsupported type.
            errors.write(response, errors.fromStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), request));
            return;
        }
        if (type != null && type.regionMatches(true, 0, MediaType.MULTIPART_FORM_DATA_VALUE, 0,
                MediaType.MULTIPART_FORM_DATA_VALUE.length())) {
            chain.doFilter(request, response); // capped by spring.servlet.multipart.*
            return;
        }
        long max = properties.maxJsonBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            errors.write(response, tooLarge(max));
            return;
        }
        long deadline = System.nanoTime() + properties.bodyReadTimeout().toNanos();
        chain.doFilter(new LimitedRequest(request, response, max, deadline), response);
    }

    /** Parsable, and a concrete type: {@code *}{@code /*} is for Accept, never for a body. */
    private static boolean validContentType(String type) {
        try {
            return !MediaType.parseMediaType(type).isWildcardType();
        } catch (org.springframework.http.InvalidMediaTypeException unparsable) {
            return false;
        }
    }

    static ApiException tooLarge(long max) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, ApiException.INVALID_REQUEST,
                "The request body is too large: at most " + max + " bytes are accepted.", null, "request_too_large");
    }

    static ApiException tooSlow() {
        return new ApiException(HttpStatus.REQUEST_TIMEOUT, ApiException.INVALID_REQUEST,
                "The request body was not received in time.", null, "request_timeout");
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final HttpServletResponse response;
        private final long max;
        private final long deadline;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, HttpServletResponse response, long max, long deadline) {
            super(request);
            this.response = response;
            this.max = max;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream());
            }
            return stream;
        }

        private final class LimitedStream extends ServletInputStream {

            private final ServletInputStream in;
            private long read;

            LimitedStream(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                check();
                int b = in.read();
                if (b >= 0) {
                    counted(1);
                }
                check();
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                check();
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    counted(n);
                }
                check();
                return n;
            }

            private void counted(int n) throws RefusedBody {
                read += n;
                if (read > max) {
                    refuse(tooLarge(max));
                }
            }

            private void check() throws RefusedBody {
                if (System.nanoTime() - deadline > 0) {
                    refuse(tooSlow());
                }
            }

            private void refuse(ApiException answer) throws RefusedBody {
                // Tomcat then closes the connection instead of reading (swallowing) the rest of the body.
                response.setHeader(HttpHeaders.CONNECTION, "close");
                throw new RefusedBody(answer);
            }

            @Override
            public boolean isFinished() {
                return in.isFinished();
            }

            @Override
            public boolean isReady() {
                return in.isReady();
            }

            @Override
            public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
            }
        }
    }
}
