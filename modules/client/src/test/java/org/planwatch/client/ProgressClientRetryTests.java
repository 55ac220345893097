package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retry policy of {@link ProgressClient} against a stub of the publisher (a JDK
 * HttpServer that answers what each test scripts): which answers are retried, how long it
 * waits, when it gives up. That no retry double counts is shown on the real pipeline, in
 * {@link ProgressClientIntegrationTests}.
 */
class ProgressClientRetryTests {

    static final String TOKEN = "pw_0123456789abcdef_stub-token";
    static final RetryPolicy QUICK = new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofSeconds(20));

    /** A request as the stub received it, with the moment it arrived. */
    record Received(String path, String authorization, String body, long nanos) {
    }

    /** A scripted answer. */
    record Answer(int status, String retryAfter, String contentType, String body) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();

    final Deque<Answer> script = new ArrayDeque<>();

    HttpServer stub;

    URI stub(Answer... answers) throws IOException {
        script.addAll(List.of(answers));
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime()));
            Answer answer;
            synchronized (script) {
                answer = script.size() > 1 ? script.poll() : script.peek();
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            if (answer.status() == 307) {
                exchange.getResponseHeaders().add("Location", answer.body());
            }
            byte[] body = answer.status() == 307 ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    static Answer accepted(String eventId) {
        return new Answer(202, null, "application/json",
                "{\"eventId\":\"" + eventId + "\",\"initiativeId\":\"x\",\"status\":\"accepted\"}");
    }

    static Answer problem(int status, String retryAfter, String title, String field) {
        return new Answer(status, retryAfter, "application/problem+json", """
                {"type":"/problems/x","title":"%s","status":%d,"detail":"%s is wrong","field":"%s"}
                """.formatted(title, status, field, field));
    }

    static Report report() {
        return Report.builder("villa-investment-campaign").percentComplete(40).reportedBy("商务局").build();
    }

    static Duration gap(Received earlier, Received later) {
        return Duration.ofNanos(later.nanos() - earlier.nanos());
    }

    @Test
    void unavailableIsRetriedAfterItsRetryAfterWithTheSameEventIdAndToken() throws Exception {
        Report report = report();
        URI publisher = stub(problem(503, "1", "Kafka unavailable", "eventId"), accepted(report.eventId()));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            assertThat(client.send(report)).isEqualTo(report.eventId());
        }
        assertThat(received).hasSize(2);
        assertThat(gap(received.get(0), received.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(received).allSatisfy(r -> {
            assertThat(r.path()).isEqualTo("/api/v1/initiatives/villa-investment-campaign/events");
            assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
            assertThat(r.body()).contains("\"eventId\":\"" + report.eventId() + "\"");
        });
    }

    @Test
    void tooManyRequestsIsRetriedAfterItsRetryAfter() throws Exception {
        Report report = report();
        URI publisher = stub(problem(429, "1", "Too many requests", "Authorization"), accepted(report.eventId()));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            assertThat(client.send(report)).isEqualTo(report.eventId());
        }
        assertThat(received).hasSize(2);
        assertThat(gap(received.get(0), received.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredToo() throws Exception {
        Report report = report();
        String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME
            .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
        URI publisher = stub(problem(503, inTwoSeconds, "Kafka unavailable", "eventId"), accepted(report.eventId()));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            client.send(report);
        }
        // The date has whole seconds, so the wait is between one and two seconds.
        assertThat(gap(received.get(0), received.get(1))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterPastTheDeadlineGivesUpAtOnceInsteadOfWaiting() throws Exception {
        URI publisher = stub(problem(503, "3600", "Kafka unavailable", "eventId"));
        Report report = report();
        long start = System.nanoTime();
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN)
            .retryPolicy(QUICK.withDeadline(Duration.ofSeconds(5)))
            .build()) {
            assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportNotDeliveredException.class,
                    e -> {
                        assertThat(e.eventId()).isEqualTo(report.eventId());
                        assertThat(e.attempts()).isEqualTo(1);
                        assertThat(e.lastProblem().status()).isEqualTo(503);
                    });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void serverErrorsAreRetriedUntilTheAttemptsAreSpent() throws Exception {
        URI publisher = stub(new Answer(502, null, "text/html", "<html>Bad gateway</html>"));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            assertThatThrownBy(() -> client.send(report())).isInstanceOfSatisfying(ReportNotDeliveredException.class,
                    e -> {
                        assertThat(e.attempts()).isEqualTo(4);
                        assertThat(e.lastProblem().status()).isEqualTo(502);
                        assertThat(e.lastProblem().detail()).contains("Bad gateway");
                    });
        }
        assertThat(received).hasSize(4);
    }

    @Test
    void noAnswerIsRetriedWithTheSameEventIdUntilTheAttemptsAreSpent() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        List<String> heads = new CopyOnWriteArrayList<>();
        try (ServerSocket hangUp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!hangUp.isClosed()) {
                    try (Socket s = hangUp.accept()) {
                        connections.incrementAndGet();
                        heads.add(new String(s.getInputStream().readNBytes(1), StandardCharsets.US_ASCII));
                    }
                    catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Report report = report();
            try (ProgressClient client = ProgressClient
                .builder(URI.create("http://127.0.0.1:" + hangUp.getLocalPort()), TOKEN)
                .retryPolicy(QUICK)
                .build()) {
                assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportNotDeliveredException.class,
                        e -> {
                            assertThat(e.attempts()).isEqualTo(4);
                            assertThat(e.lastProblem()).isNull();
                            assertThat(e.getCause()).isInstanceOf(IOException.class);
                        });
            }
            assertThat(connections.get()).isEqualTo(4);
        }
    }

    @Test
    void badRequestIsNotRetriedAndCarriesTheProblem() throws Exception {
        URI publisher = stub(problem(400, null, "Invalid input", "percentComplete"));
        Report report = report();
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportRejectedException.class, e -> {
                assertThat(e.eventId()).isEqualTo(report.eventId());
                assertThat(e.problem()).isEqualTo(new Problem(400, "/problems/x", "Invalid input",
                        "percentComplete is wrong", "percentComplete", e.problem().json()));
                assertThat(e.problem().json()).contains("\"field\":\"percentComplete\"");
            });
        }
        assertThat(received).hasSize(1);
    }

    @Test
    void forbiddenIsNotRetried() throws Exception {
        URI publisher = stub(problem(403, null, "Forbidden", "initiativeId"));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            assertThatThrownBy(() -> client.send(report())).isInstanceOfSatisfying(ReportRejectedException.class,
                    e -> assertThat(e.problem().status()).isEqualTo(403));
        }
        assertThat(received).hasSize(1);
    }

    /**
     * The JDK client would follow a 307 and send the token along, even to another host:
     * this client does not.
     */
    @Test
    void redirectIsNotFollowedSoTheTokenGoesNowhereElse() throws Exception {
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger reachedElsewhere = new AtomicInteger();
        elsewhere.createContext("/", exchange -> {
            reachedElsewhere.incrementAndGet();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            String location = "http://localhost:" + elsewhere.getAddress().getPort() + "/steal";
            URI publisher = stub(new Answer(307, null, "text/plain", location));
            try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
                assertThatThrownBy(() -> client.send(report())).isInstanceOfSatisfying(ReportRejectedException.class,
                        e -> {
                            assertThat(e.problem().status()).isEqualTo(307);
                            assertThat(e.problem().detail()).contains(location);
                        });
            }
            assertThat(reachedElsewhere.get()).isZero();
        }
        finally {
            elsewhere.stop(0);
        }
    }

    @Test
    void batchResendsOnlyTheReportsKafkaDidNotAcknowledge() throws Exception {
        Report first = report();
        Report second = report();
        URI publisher = stub(new Answer(200, null, "application/json", """
                {"accepted":1,"rejected":1,"results":[{"index":0,"status":202,"eventId":"%s"},
                 {"index":1,"status":503,"eventId":"%s","problem":{"title":"Kafka unavailable","status":503}}]}
                """.formatted(first.eventId(), second.eventId())), new Answer(200, null, "application/json", """
                {"accepted":1,"rejected":0,"results":[{"index":0,"status":202,"eventId":"%s"}]}
                """.formatted(second.eventId())));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            BatchResult result = client.sendAll(List.of(first, second));
            assertThat(result.allAccepted()).as(result.toString()).isTrue();
        }
        assertThat(received).extracting(Received::path).containsExactly("/api/v1/events", "/api/v1/events");
        assertThat(received.get(0).body()).contains(first.eventId(), second.eventId());
        assertThat(received.get(1).body()).contains(second.eventId()).doesNotContain(first.eventId());
    }

    @Test
    void batchItemsStillUnacknowledgedWhenTheAttemptsAreSpentAreReportedNotDelivered() throws Exception {
        Report report = report();
        URI publisher = stub(new Answer(200, null, "application/json", """
                {"accepted":0,"rejected":1,"results":[{"index":0,"status":503,"eventId":"%s",
                 "problem":{"title":"Kafka unavailable","status":503,"eventId":"%s"}}]}
                """.formatted(report.eventId(), report.eventId())));
        try (ProgressClient client = ProgressClient.builder(publisher, TOKEN).retryPolicy(QUICK).build()) {
            BatchResult result = client.sendAll(List.of(report));
            assertThat(result.notDelivered()).singleElement().satisfies(item -> {
                assertThat(item.eventId()).isEqualTo(report.eventId());
                assertThat(item.status()).isEqualTo(503);
                assertThat(item.problem().title()).isEqualTo("Kafka unavailable");
            });
        }
        assertThat(received).hasSize(4);
    }

}
