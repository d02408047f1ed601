package com.videorelay.web;

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
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> envelopeForContainerErrors(ApiErrorResponses errors) {
        return factory -> {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    // Naming the class stops the host from adding its own HTML valve beside ours at start.
                    host.setErrorReportValveClass(ContainerErrorValve.class.getName());
                    host.getPipeline().addValve(new ContainerErrorValve(errors));
                }
            });
            // Let %2F and %5C through to Spring Security's firewall, whose rejection is answered in the
            // envelope (see RejectedRequestHandler), instead of Tomcat's own 400.
            factory.addConnectorCustomizers(connector -> {
                connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
                connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            });
        };
    }
}
