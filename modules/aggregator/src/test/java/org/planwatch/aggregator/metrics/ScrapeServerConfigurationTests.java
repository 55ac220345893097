package org.planwatch.aggregator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;

import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

/** The management server's customizer, applied to a real Tomcat. */
class ScrapeServerConfigurationTests {

    @Test
    void isImportedIntoTheManagementContextOnly() {
        assertThat(ImportCandidates.load(ManagementContextConfiguration.class, getClass().getClassLoader())
            .getCandidates()).contains(ScrapeServerConfiguration.class.getName());
    }

    @Test
    void theConnectorWritesInLargerPieces() throws ReflectiveOperationException {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new ScrapeServerConfiguration().scrapeWriteBuffer().customize(factory);
        TomcatWebServer server = (TomcatWebServer) factory.getWebServer();
        try {
            server.start();
            // What the endpoint uses, not the string the connector was handed: its socket
            // properties.
            Object protocol = server.getTomcat().getConnector().getProtocolHandler();
            Method endpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
            endpoint.setAccessible(true);
            SocketProperties socket = ((AbstractEndpoint<?, ?>) endpoint.invoke(protocol)).getSocketProperties();
            assertThat(socket.getAppWriteBufSize()).isEqualTo(ScrapeServerConfiguration.WRITE_BUFFER_BYTES);
        }
        finally {
            server.stop();
        }
    }

}
