package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PlainServerTests {

    @Test
    void servesItsBodyWholeToEveryReader() throws Exception {
        int size = 200_000; // several 64 KiB writes and a part of one
        try (PlainServer server = new PlainServer(size)) {
            assertThat(Scraper.get(server.port(), "/")).isEqualTo(size);
            assertThat(Scraper.get(server.port(), "/")).as("again, on a new connection").isEqualTo(size);

            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] all;
                try (InputStream in = socket.getInputStream()) {
                    all = in.readAllBytes();
                }
                String text = new String(all, StandardCharsets.US_ASCII);
                int bodyAt = text.indexOf("\r\n\r\n") + 4;
                assertThat(text).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: " + size + "\r\n");
                assertThat(Arrays.copyOfRange(all, bodyAt, all.length)).isEqualTo(PlainServer.lines(size));
            }
        }
    }

    @Test
    void theBodyIsTextLinesOfTheSizeAsked() {
        String body = new String(PlainServer.lines(1_000), StandardCharsets.US_ASCII);
        assertThat(body).hasSize(1_000).startsWith("initiative_progress_ratio{");
        assertThat(body.lines().limit(5)).allSatisfy(line -> assertThat(line).endsWith("} 0.5"));
    }

}
