package org.planwatch.aggregator.metrics;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The management server's Tomcat (its own port, a child context), which serves the scrape: a
 * body of 15 MB at 10,000 initiatives went to the socket 8 KiB a write (Tomcat's default
 * application write buffer, JFR's {@code jdk.SocketWrite}), close to 2,000 system calls a scrape.
 * A larger buffer writes it in an eighth as many; it is per connection, and the management port
 * has a few (Prometheus keeps one open).
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
