package org.planwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scrape as a scraper does: one HTTP/1.1 GET on loopback for the 0.0.4 text
 * format, the body read into a buffer and counted, not kept or decoded (Prometheus itself
 * asks for OpenMetrics first; the two differ only in metadata lines). The JDK's
 * HttpClient would gather the body in buffers and copy them into one array: the harness's
 * work, timed as if it were the endpoint's.
 */
final class Scraper {

    private static final byte[] HEADER_END = { '\r', '\n', '\r', '\n' };

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private Scraper() {
    }

    /**
     * GETs {@code path} from 127.0.0.1:{@code port}; returns the body's length, after its
     * last byte is in.
     */
    static long get(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain;version=0.0.4\r\n"
                    + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            int matched = 0;
            long headerEnd = -1;
            StringBuilder head = new StringBuilder();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; headerEnd < 0 && i < n; i++) {
                    head.append((char) buffer[i]);
                    matched = buffer[i] == HEADER_END[matched] ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                    if (matched == HEADER_END.length) {
                        headerEnd = total + i + 1;
                    }
                }
                total += n;
            }
            if (headerEnd < 0 || !head.toString().startsWith("HTTP/1.1 200")) {
                throw new IOException(
                        "Scrape of " + path + " failed: " + head.toString().lines().findFirst().orElse("no answer"));
            }
            Matcher length = CONTENT_LENGTH.matcher(head);
            if (!length.find()) {
                throw new IOException(
                        "Scrape of " + path + " came without a Content-Length; only such a body is counted here");
            }
            long body = total - headerEnd;
            if (body != Long.parseLong(length.group(1))) {
                throw new IOException(
                        "Scrape of " + path + " ended after " + body + " of " + length.group(1) + " bytes");
            }
            return body;
        }
    }

}
