package org.planwatch.aggregator.metrics;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The management server's Tomcat (its own port, a child context), which serves the scrape: a
 * body of 15 MB at 10,000 initiatives went to the socket 8 KiB a write (Tomcat's default
 * application write buffer; the writes JFR's {@code jdk.SocketWrite} recorded were that size),
 * close to 2,000 system calls a scrape. A larger buffer writes it in an eighth as many. It is per
 * connection, so it is for the management port alone, which has a few (Prometheus keeps one open):
 * Spring Boot imports this class into that child context only (META-INF/spring), and the
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
