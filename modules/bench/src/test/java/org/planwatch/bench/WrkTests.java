package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's wrk driver against a real HTTP server on loopback: what it sends, and
 * what it counts.
 */
class WrkTests {

    @TempDir
    Path work;

    @Test
    void sendsNumberedPathsAndBodiesWithTheHeadersAndCountsOnlySuccesses() throws Exception {
        Path wrk = Wrk.find();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(wrk).as("CI installs wrk (apt-get install wrk)").isNotNull();
        }
        assumeTrue(wrk != null, "wrk is not installed");
        Set<String> paths = ConcurrentHashMap.newKeySet();
        AtomicLong ok = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong malformed = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            paths.add(path);
            boolean wellFormed = exchange.getRequestMethod().equals("POST")
                    && "Bearer t0k\"en".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && path.matches("/items/x-[0-2]/events") && body.matches("\\{\"n\":\\d+\\}\n");
            // Every third item is refused: those must count as failures, not as
            // delivered.
            int status = !wellFormed ? 400 : path.startsWith("/items/x-2/") ? 503 : 202;
            (status == 202 ? ok : status == 503 ? refused : malformed).incrementAndGet();
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        try {
            HttpLoad.Rate rate = Wrk.saturate(wrk, 2, Duration.ofSeconds(1),
                    new Wrk.Request("POST", "http://127.0.0.1:" + server.getAddress().getPort(), "/items/x-", 3,
                            "/events", Map.of("Authorization", "Bearer t0k\"en"), "{\"n\":", "}\n"),
                    work);
            assertThat(malformed.get()).isZero();
            assertThat(paths).containsExactlyInAnyOrder("/items/x-0/events", "/items/x-1/events", "/items/x-2/events");
            assertThat(ok.get()).isPositive();
            // wrk may send a request or two the server answers after wrk stopped
            // counting.
            assertThat(rate.units()).isBetween(ok.get() - 2, ok.get());
            assertThat(rate.failures()).isBetween(refused.get() - 2, refused.get());
            assertThat(rate.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void readsWrksSummary() {
        String out = """
                Running 8s test @ http://127.0.0.1:19091
                  1 threads and 16 connections
                  4968 requests in 1.00m, 363.87KB read
                  Socket errors: connect 0, read 2, write 1, timeout 3
                  Non-2xx or 3xx responses: 10
                Requests/sec:     82.80
                """;
        HttpLoad.Rate rate = Wrk.parse(out);
        assertThat(rate.units()).isEqualTo(4958);
        assertThat(rate.failures()).as("not the timeouts").isEqualTo(13);
        assertThat(rate.elapsed()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rate.detail()).contains("not printed").endsWith("non-2xx answers 10, socket errors 3");
    }

    @Test
    void readsTheLatencyDistribution() {
        String out = """
                Running 15s test @ http://127.0.0.1:19091
                  1 threads and 16 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency     9.82ms   12.01ms  88.10ms   91.02%
                  Latency Distribution
                     50%    4.91ms
                     75%    6.02ms
                     90%   40.51ms
                     99%   45.10ms
                  31000 requests in 15.00s, 2.10MB read
                Requests/sec:   2066.00
                """;
        HttpLoad.Rate rate = Wrk.parse(out);
        assertThat(rate.detail()).isEqualTo("wrk's latency from the send: p50 4.91 ms, p90 40.51 ms, p99 45.10 ms;"
                + " non-2xx answers 0, socket errors 0");
    }

}
