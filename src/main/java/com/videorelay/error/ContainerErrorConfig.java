package com.videorelay.error;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Keeps Tomcat from answering anything itself in HTML. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ContainerErrorConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeForContainerErrors() {
        return factory -> {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ContainerErrorValve.class.getName());
                }
            });
            // Let %2F and %5C through to Spring Security's firewall, whose rejection we answer in the envelope
            // (a 404 under /v1/videos/, where it can only be a malformed id), instead of Tomcat's HTML 400.
            factory.addConnectorCustomizers(connector ->
                    {
                        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                        connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                    });
        };
    }
}
