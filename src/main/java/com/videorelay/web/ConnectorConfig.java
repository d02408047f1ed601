package com.videorelay.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * What each open connection and each request in progress may cost, so that many clients at once
 * cannot exhaust the heap (bench/connections.sh: 8,000 clients polling over keep-alive connections).
 * <ul>
 * <li>Tomcat gives every open connection an 8 KB read and an 8 KB write buffer for as long as it
 * stays open, on the heap by default: ~130 MB at 8,000 connections, beside a full poll cache in a
 * 256 MB heap, which then thrashed in full collections. Direct buffers hold the same bytes outside
 * the heap, bounded by {@code server.tomcat.max-connections}.</li>
 * <li>Spring Boot's virtual-thread executor starts a thread for every request that arrives, with no
 * limit: 8,000 polls arriving together each took a request processor and its buffers at once, and the
 * heap ran out. {@link BoundedVirtualThreadExecutor} still starts a virtual thread per request, at most
 * {@code videorelay.http.max-concurrent-requests} at a time; the rest wait in a queue.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ConnectorConfig {

    @Bean
    BoundedConnectionCosts boundedConnectionCosts(HttpProperties properties, Environment environment) {
        return new BoundedConnectionCosts(properties.maxConcurrentRequests(), Threading.VIRTUAL.isActive(environment));
    }

    /**
     * Runs after Spring Boot's virtual-thread customizer (order 1), whose executor it replaces. With
     * {@code spring.threads.virtual.enabled=false} Tomcat's own pool of platform threads stays, bounded
     * by {@code server.tomcat.threads.max}.
     */
    record BoundedConnectionCosts(int maxConcurrentRequests, boolean virtualThreads)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> connector.setProperty("socket.directBuffer", "true"));
            if (virtualThreads) {
                factory.addProtocolHandlerCustomizers(protocol ->
                        protocol.setExecutor(new BoundedVirtualThreadExecutor(maxConcurrentRequests)));
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
