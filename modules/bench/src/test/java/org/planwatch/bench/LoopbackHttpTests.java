package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The latency run's client against a real HTTP server on loopback: bodies of every
 * framing, kept-alive connections.
 */
class LoopbackHttpTests {

    private HttpServer server;

    private final List<String> received = new CopyOnWriteArrayList<>();

    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "x".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/chunked")) {
                exchange.sendResponseHeaders(202, 0); // 0: chunked
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 5; i++) {
                        out.write(body, 0, 3001);
                        out.flush();
                    }
                }
            }
            else if (path.endsWith("/sized")) {
                exchange.sendResponseHeaders(201, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            else if (path.endsWith("/close")) {
                exchange.getResponseHeaders().add("Connection", "close");
                exchange.sendResponseHeaders(503, -1);
            }
            else {
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsEveryFramingOfABodyAndKeepsTheConnection() throws Exception {
        int port = server.getAddress().getPort();
        try (LoopbackHttp http = new LoopbackHttp(port)) {
            Map<String, String> headers = Map.of("Authorization", "Bearer abc");
            for (int round = 0; round < 3; round++) {
                assertThat(http.call(LoopbackHttp.request("POST", "/a/chunked", headers, "{\"n\":" + round + "}")))
                    .isEqualTo(202);
                assertThat(http.call(LoopbackHttp.request("PUT", "/a/sized", headers, "é"))).isEqualTo(201);
                assertThat(http.call(LoopbackHttp.request("GET", "/a/empty", Map.of(), ""))).isEqualTo(204);
            }
            assertThat(received).hasSize(9)
                .startsWith("POST /a/chunked Bearer abc {\"n\":0}", "PUT /a/sized Bearer abc é", "GET /a/empty null ");
            assertThat(clientPorts).as("one connection, kept alive").hasSize(1);
        }
    }

    @Test
    void opensANewConnectionAfterTheServerClosedOne() throws Exception {
        int port = server.getAddress().getPort();
        try (LoopbackHttp http = new LoopbackHttp(port)) {
            assertThat(http.call(LoopbackHttp.request("POST", "/close", Map.of(), "1"))).isEqualTo(503);
            assertThat(http.call(LoopbackHttp.request("POST", "/a/sized", Map.of(), "2"))).isEqualTo(201);
            assertThat(received).containsExactly("POST /close null 1", "POST /a/sized null 2");
            assertThat(clientPorts).hasSize(2);
        }
    }

    @Test
    void anInterimResponseIsSkipped() throws Exception {
        int status = answeredOnce(
                "HTTP/1.1 100 Continue\r\nX-A: b\r\n\r\n" + "HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok",
                "POST", "x");
        assertThat(status).isEqualTo(202);
    }

    @Test
    void aResponseCutShortIsAnError() {
        assertThatThrownBy(() -> answeredOnce("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345", "GET", ""))
            .isInstanceOf(EOFException.class);
    }

    /**
     * One call to a server that reads the request and writes {@code response} as given,
     * then closes.
     */
    private static int answeredOnce(String response, String method, String body) throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (var socket = listener.accept()) {
                    socket.getInputStream().read(new byte[1024]);
                    socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
                }
                catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            answer.start();
            try (LoopbackHttp http = new LoopbackHttp(listener.getLocalPort())) {
                return http.call(LoopbackHttp.request(method, "/", Map.of(), body));
            }
            finally {
                answer.join();
            }
        }
    }

}
