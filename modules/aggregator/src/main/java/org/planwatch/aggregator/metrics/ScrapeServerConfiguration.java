package org.planwatch.aggregator.metrics;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The management server's Tomcat (its own port, a child context), which serves the
 * scrape: a write buffer larger than Tomcat's default, so that a scrape's large body goes
 * to the socket in far fewer system calls (ADR 0006). It is per connection, so it is for
 * the management port alone, which has a few (Prometheus keeps one open): Spring Boot
 * imports this class into that child context only (META-INF/spring), and the
 * application's component scan leaves it out (AggregatorApplication).
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ScrapeServerConfiguration {

    static final int WRITE_BUFFER_BYTES = 64 * 1024;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> scrapeWriteBuffer() {
        return factory -> factory.addConnectorCustomizers(
                connector -> connector.setProperty("socket.appWriteBufSize", String.valueOf(WRITE_BUFFER_BYTES)));
    }

}
