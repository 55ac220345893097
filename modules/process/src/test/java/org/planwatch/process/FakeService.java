package org.planwatch.process;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a service's {@code -exec.jar} ({@link BootServiceTests} packs it into
 * one): prints its arguments and its environment's admin token, then answers readiness
 * and metrics on the management port it was given, as Spring Boot's actuator does.
 */
public final class FakeService {

    /** Two heap pools and one that is not heap: 3 MiB of heap in use. */
    static final String METRICS = "# TYPE jvm_memory_used_bytes gauge\n"
            + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"} 1048576.0\n"
            + "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"} 2097152.0\n"
            + "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 9.9E7\n";

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("args " + String.join(" ", args));
        System.out.println("token " + System.getenv("FAKE_TOKEN"));
        int management = -1;
        for (String arg : args) {
            if (arg.startsWith("--management.server.port=")) {
                management = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", management), 0);
        server.createContext("/actuator/health/readiness", exchange -> answer(exchange, "{\"status\":\"UP\"}"));
        server.createContext("/actuator/prometheus", exchange -> answer(exchange, METRICS));
        server.start();
    }

    private static void answer(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
