package org.planwatch.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of the real publisher that can lose answers: it forwards
 * the request, lets the publisher handle it (accept it, write it to Kafka), reads the
 * first bytes of the answer, and then closes both connections instead of passing them on.
 * The client sees the connection drop after the publisher accepted: exactly the case a
 * retry must not double count. It keeps every byte the client sent, to count the requests
 * and read their eventIds.
 */
final class LosingProxy implements AutoCloseable {

    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^(POST|PUT|GET) (\\S+) HTTP/1\\.1$");

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");

    private final ServerSocket server;

    private final int upstreamPort;

    private final AtomicInteger answersToLose = new AtomicInteger();

    private final AtomicInteger answersLost = new AtomicInteger();

    private final List<ByteArrayOutputStream> sent = new CopyOnWriteArrayList<>();

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "losing-proxy");
        t.setDaemon(true);
        return t;
    });

    LosingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The next answer from the publisher is read and dropped, with the connection. */
    void loseNextAnswer() {
        answersToLose.incrementAndGet();
    }

    int answersLost() {
        return answersLost.get();
    }

    /**
     * Request lines ({@code POST /api/v1/...}) the client sent, in order of connection.
     */
    List<String> requests() {
        Matcher m = REQUEST_LINE.matcher(sentText());
        return m.results().map(r -> r.group(1) + " " + r.group(2)).toList();
    }

    /** The eventIds in the bodies the client sent, in order. */
    List<String> eventIds() {
        return EVENT_ID.matcher(sentText()).results().map(r -> r.group(1)).toList();
    }

    private String sentText() {
        StringBuilder text = new StringBuilder();
        for (ByteArrayOutputStream bytes : sent) {
            synchronized (bytes) {
                text.append(bytes.toString(StandardCharsets.UTF_8)).append('\n'); // a
                                                                                  // body
                                                                                  // ends
                                                                                  // without
                                                                                  // one
            }
        }
        return text.toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                ByteArrayOutputStream capture = new ByteArrayOutputStream();
                sent.add(capture);
                threads.execute(() -> forward(client, upstream, capture));
                threads.execute(() -> answer(upstream, client));
            }
            catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Client to publisher, every byte kept. */
    private void forward(Socket client, Socket upstream, ByteArrayOutputStream capture) {
        byte[] buffer = new byte[8192];
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (capture) {
                    capture.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        catch (IOException e) {
            // one side closed: the other follows
        }
        finally {
            closeQuietly(client, upstream);
        }
    }

    /** Publisher to client, unless this answer is to be lost. */
    private void answer(Socket upstream, Socket client) {
        byte[] buffer = new byte[8192];
        try (InputStream in = upstream.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                if (answersToLose.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    answersLost.incrementAndGet();
                    return; // the publisher has answered (so it accepted); the client
                            // never hears it
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        }
        catch (IOException e) {
            // one side closed: the other follows
        }
        finally {
            closeQuietly(client, upstream);
        }
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            }
            catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }

}
