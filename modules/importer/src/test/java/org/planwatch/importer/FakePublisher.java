package org.planwatch.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/**
 * A scripted stand-in for the publisher, for what the real one will not do on demand:
 * answer 429, fail items with 503, go away. Each request takes the next scripted answer
 * (the last one repeats). The real publisher is driven in
 * {@code ImporterIntegrationTests}.
 */
final class FakePublisher implements AutoCloseable {

    /** One answer. */
    record Answer(int status, Map<String, String> headers, String body) {

        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json"), body);
        }
    }

    /** One request as received. */
    record Received(String method, String path, String authorization, String body) {

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events() {
            return (List<Map<String, Object>>) PublisherClient.JSON.readValue(body, Map.class).get("events");
        }
    }

    private final HttpServer server;

    private final Deque<Function<Received, Answer>> events = new ArrayDeque<>();

    private final List<Received> received = new ArrayList<>();

    private volatile String catalog = "[]";

    private volatile int catalogStatus = 200;

    FakePublisher() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            Received request = new Received(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            synchronized (this) {
                received.add(request);
            }
            Answer answer = path.equals("/api/v1/initiatives") ? Answer.json(catalogStatus, catalog)
                    : next().apply(request);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakePublisher catalog(String json) {
        return catalog(200, json);
    }

    /** What {@code GET /api/v1/initiatives} answers. */
    FakePublisher catalog(int status, String json) {
        this.catalogStatus = status;
        this.catalog = json;
        return this;
    }

    /**
     * Scripts the answers to {@code POST /api/v1/events}, in order; the last one answers
     * every later request.
     */
    @SafeVarargs
    final synchronized FakePublisher answers(Function<Received, Answer>... answers) {
        events.addAll(List.of(answers));
        return this;
    }

    static Function<Received, Answer> busy(int status, String retryAfter) {
        return r -> new Answer(status, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter),
                "{\"status\":" + status + "}");
    }

    /** Each event of the request gets the status at its index (202 past the end). */
    static Function<Received, Answer> items(int... statuses) {
        return r -> {
            List<Map<String, Object>> events = r.events();
            StringBuilder results = new StringBuilder();
            for (int i = 0; i < events.size(); i++) {
                int status = i < statuses.length ? statuses[i] : 202;
                String problem = status == 202 ? ""
                        : status == 400
                                ? ",\"problem\":{\"status\":400,\"detail\":\"kpis.villas: is not a"
                                        + " KPI\",\"field\":\"kpis.villas\","
                                        + "\"errors\":[{\"field\":\"kpis.villas\",\"message\":\"is not a KPI of this"
                                        + " initiative [shops]\"}]}"
                                : ",\"problem\":{\"status\":" + status + ",\"detail\":\"try again\"}";
                results.append(i == 0 ? "" : ",")
                    .append("{\"index\":")
                    .append(i)
                    .append(",\"status\":")
                    .append(status)
                    .append(",\"eventId\":\"")
                    .append(events.get(i).get("eventId"))
                    .append("\"")
                    .append(problem)
                    .append("}");
            }
            return Answer.json(200, "{\"accepted\":0,\"rejected\":0,\"results\":[" + results + "]}");
        };
    }

    static Function<Received, Answer> acceptAll() {
        return items();
    }

    synchronized List<Received> batches() {
        return received.stream().filter(r -> r.path().equals("/api/v1/events")).toList();
    }

    private synchronized Function<Received, Answer> next() {
        return events.size() > 1 ? events.poll() : events.peek();
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
