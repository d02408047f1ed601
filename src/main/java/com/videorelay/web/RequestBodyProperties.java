package com.videorelay.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code videorelay.http.*}: limits on request bodies other than multipart uploads (those are capped
 * by {@code spring.servlet.multipart.*}).
 *
 * @param maxJsonBodySize largest body accepted, checked against Content-Length before reading and
 *                        counted while reading (chunked bodies); beyond it: 413 {@code request_too_large}
 * @param bodyReadTimeout how long reading one body may take in total; a client that trickles its body
 *                        in slower gets 408 and the connection is closed. Each single read also ends
 *                        after {@code server.tomcat.connection-timeout} without data.
 */
@ConfigurationProperties("videorelay.http")
public record RequestBodyProperties(@DefaultValue("4MB") DataSize maxJsonBodySize,
                                    @DefaultValue("30s") Duration bodyReadTimeout) {
}
