package org.planwatch.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HTTP/1.1 calls on keep-alive loopback connections, one per calling thread, written and
 * read by that thread: the client of the open-loop latency run ({@link HttpLoad#paced}).
 * The JDK HttpClient hands every call to its selector thread and back through futures,
 * CPU the server under measurement would share; wrk counts latency from the send and so
 * cannot time an open loop.
 */
final class LoopbackHttp implements Closeable {

    private final int port;

    private final ThreadLocal<Connection> mine = new ThreadLocal<>();

    private final List<Connection> all = new CopyOnWriteArrayList<>();

    LoopbackHttp(int port) {
        this.port = port;
    }

    /**
     * A whole request, as sent on the wire ({@code Host} and {@code Content-Length}
     * added).
     */
    static byte[] request(String method, String path, Map<String, String> headers, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ')
            .append(path)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        ByteArrayOutputStream wire = new ByteArrayOutputStream(head.length() + content.length);
        wire.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(content);
        return wire.toByteArray();
    }

    /**
     * Sends {@code request} on this thread's connection; the response's status, once its
     * body is read.
     */
    int call(byte[] request) throws IOException {
        Connection connection = mine.get();
        if (connection == null || connection.closed) {
            connection = new Connection(port);
            mine.set(connection);
            all.add(connection);
        }
        try {
            return connection.call(request);
        }
        catch (IOException | RuntimeException e) {
            // Out of step with the stream (or closed): the next call opens another.
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        all.forEach(Connection::close);
    }

    private static final class Connection implements Closeable {

        private final Socket socket;

        private final OutputStream out;

        private final InputStream in;

        private final StringBuilder line = new StringBuilder();

        private volatile boolean closed;

        Connection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        int call(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int code = code(status);
            while (code >= 100 && code < 200) {
                // An interim response (no Expect is sent, but a server may): its headers,
                // then the real one.
                while (!line().isEmpty()) {
                    // skipped
                }
                status = line();
                code = code(status);
            }
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    // Tomcat closes a keep-alive connection after 100 requests; the next
                    // call opens another.
                    case "connection" -> closed |= value.contains("close");
                    default -> {
                    }
                }
            }
            if (chunked) {
                for (long size = chunk(); size > 0; size = chunk()) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            }
            else if (length >= 0) {
                skip(length);
            }
            else if (code != 204 && code != 304 && code >= 200) {
                throw new IOException("A response without a length on a keep-alive connection: " + status);
            }
            if (closed) {
                close();
            }
            return code;
        }

        private static int code(String status) throws IOException {
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("Not an HTTP/1.1 status line: " + status);
            }
            return Integer.parseInt(status.substring(9, 12));
        }

        private long chunk() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0;) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException("The body ended " + left + " bytes early");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            line.setLength(0);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("The connection closed mid-response");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        @Override
        public void close() {
            closed = true;
            try {
                socket.close();
            }
            catch (IOException e) {
                // closing a loopback socket: nothing to recover
            }
        }

    }

}
