package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryingTests {

    static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8),
            Duration.ofMinutes(10));

    final HttpClient http = HttpClient.newHttpClient();

    final List<Duration> waits = new ArrayList<>();

    final Retrying retrying = Retrying.under(POLICY).withRandom(() -> 0.0).withSleeper(waits::add);

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * Answers each request with the next of {@code answers} ({status, retryAfter or
     * null}), the last one from then on.
     */
    URI serve(Object[]... answers) throws IOException {
        ConcurrentLinkedQueue<Object[]> queue = new ConcurrentLinkedQueue<>(List.of(answers));
        Object[] last = answers[answers.length - 1];
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Object[] answer = queue.isEmpty() ? last : queue.poll();
            if (answer[1] != null) {
                exchange.getResponseHeaders().add("Retry-After", (String) answer[1]);
            }
            exchange.sendResponseHeaders((int) answer[0], -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Test
    void aBusyAnswerIsWaitedOutByItsRetryAfterInSecondsOrAsADate() throws Exception {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME
            .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(61));
        URI uri = serve(new Object[] { 429, "7" }, new Object[] { 503, inAMinute }, new Object[] { 200, null });
        AtomicInteger heard = new AtomicInteger();

        HttpResponse<Void> answer = retrying.send(http, HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding(), (busy, failure, wait) -> heard.incrementAndGet());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(heard).hasValue(2);
        assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(7));
        assertThat(waits.get(1)).as("an HTTP date, about a minute away")
            .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
    }

    @Test
    void anAnswerARetryCannotChangeComesBackAtOnce() throws Exception {
        URI uri = serve(new Object[] { 400, null });
        HttpResponse<Void> answer = retrying.send(http, HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding(), (busy, failure, wait) -> {
                });
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(waits).isEmpty();
    }

    @Test
    void whenThePolicyIsSpentTheLastBusyAnswerIsReturnedAndOnlyTheChosenStatusesAreRetried() throws Exception {
        URI uri = serve(new Object[] { 503, null });
        HttpResponse<Void> answer = retrying.send(http, HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.discarding(), (busy, failure, wait) -> {
                });
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(waits).as("jittered backoff at its floor: half of 1, 2, 4, 8 s")
            .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(4));

        waits.clear();
        HttpResponse<Void> only429 = retrying.on(status -> status == 429)
            .send(http, HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding(),
                    (busy, failure, wait) -> {
                    });
        assertThat(only429.statusCode()).isEqualTo(503);
        assertThat(waits).isEmpty();
    }

    @Test
    void noAnswerIsRetriedAndTheLastFailureThrown() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        List<IOException> failures = new ArrayList<>();
        assertThatThrownBy(() -> retrying.send(http,
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/")).build(),
                HttpResponse.BodyHandlers.discarding(), (busy, failure, wait) -> failures.add(failure)))
            .isInstanceOf(ConnectException.class);
        assertThat(failures).hasSize(POLICY.maxAttempts() - 1);
        assertThat(waits).hasSize(POLICY.maxAttempts() - 1);
    }

}
