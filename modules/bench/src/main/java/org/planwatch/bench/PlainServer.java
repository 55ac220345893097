package org.planwatch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The scrape's reference: a server that does nothing but write a body of the scrape's
 * size, kept in one array, to each loopback connection, 64 KiB a write as the
 * aggregator's Tomcat writes (ScrapeServerConfiguration). Read by the same
 * {@link Scraper}, it gives what moving that many bytes through the loopback socket into
 * the reader costs on this machine at that minute: the floor under any scrape of that
 * size.
 */
final class PlainServer implements AutoCloseable {

    private static final int WRITE = 64 * 1024;

    private final ServerSocket server;

    private final byte[] head;

    private final byte[] body;

    private final Thread thread;

    /** Serves {@code size} bytes of Prometheus-like text lines until closed. */
    PlainServer(int size) throws IOException {
        this.body = lines(size);
        this.head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain;version=0.0.4;charset=utf-8\r\nContent-Length: "
                + size + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.thread = new Thread(this::serve, "plain-server");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                skipRequest(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(head);
                for (int at = 0; at < body.length; at += WRITE) {
                    out.write(body, at, Math.min(WRITE, body.length - at));
                }
                out.flush();
            }
            catch (IOException e) {
                // Closed while accepting (the end), or the reader went away: nothing to
                // serve to.
            }
        }
    }

    /** Reads up to the blank line that ends the request's head (a GET has no body). */
    private static void skipRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == end.length) {
                return;
            }
        }
    }

    /** {@code size} bytes of sample lines, so the body is text as a scrape's is. */
    static byte[] lines(int size) {
        byte[] line = "initiative_progress_ratio{initiative=\"plain\",program=\"bench\",department=\"bench\"} 0.5\n"
            .getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[size];
        for (int at = 0; at < size; at += line.length) {
            System.arraycopy(line, 0, body, at, Math.min(line.length, size - at));
        }
        return body;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

}
