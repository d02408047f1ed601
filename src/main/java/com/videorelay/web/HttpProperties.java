package com.videorelay.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code videorelay.http.*}: limits on requests. Multipart uploads are capped by
 * {@code spring.servlet.multipart.*} instead of the JSON body limits.
 *
 * @param maxJsonBodySize       largest body accepted, checked against Content-Length before reading and
 *                              counted while reading (chunked bodies); beyond it: 413 {@code request_too_large}
 * @param bodyReadTimeout       how long reading one body may take in total; a client that trickles its body
 *                              in slower gets 408 and the connection is closed. Each single read also ends
 *                              after {@code server.tomcat.connection-timeout} without data.
 * @param maxConcurrentRequests requests processed at once (each on its own virtual thread); more wait, in
 *                              order of arrival, for one to finish. Bounds the heap a burst can take.
 */
@ConfigurationProperties("videorelay.http")
public record HttpProperties(@DefaultValue("4MB") DataSize maxJsonBodySize,
                             @DefaultValue("30s") Duration bodyReadTimeout,
                             @DefaultValue("500") int maxConcurrentRequests) {

    public HttpProperties {
        if (maxConcurrentRequests < 1) {
            throw new IllegalArgumentException("videorelay.http.max-concurrent-requests must be at least 1, not "
                    + maxConcurrentRequests);
        }
    }
}
