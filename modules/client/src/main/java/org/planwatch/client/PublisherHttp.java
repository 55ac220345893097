package org.planwatch.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The wire to the publisher: JSON POSTs with the bearer token, repeated under a
 * {@link RetryLoop} until an answer a retry cannot change. Thread-safe (the JDK client
 * is).
 */
final class PublisherHttp implements AutoCloseable {

    private final HttpClient http;

    private final String root;

    private final String authorization;

    private final Duration requestTimeout;

    PublisherHttp(URI publisher, String token, Duration connectTimeout, Duration requestTimeout) {
        // Redirects are not followed: the JDK client re-sends Authorization to wherever a
        // 307 points, another host included. HTTP/1.1: on plain http, HTTP/2 would first
        // try an h2c upgrade.
        this.http = HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
        this.root = publisher.toString().replaceAll("/+$", "");
        this.authorization = "Bearer " + token;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Posts {@code body} to {@code path} until an answer that is not worth retrying
     * arrives, and returns it (2xx, or a refusal such as 400).
     * @param eventId names the report in the exception
     * @throws ReportNotDeliveredException when the policy is spent, or the thread
     * interrupted
     */
    HttpResponse<String> post(RetryLoop loop, String path, byte[] body, String eventId)
            throws ReportNotDeliveredException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        Problem lastProblem = null;
        IOException lastFailure = null;
        try {
            while (loop.startAttempt()) {
                Optional<Duration> retryAfter = Optional.empty();
                try {
                    Duration left = loop.remaining();
                    Duration timeout = left.compareTo(requestTimeout) < 0 ? left.plusMillis(100) : requestTimeout;
                    HttpResponse<String> answer = http.send(request.timeout(timeout).build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    if (!retryable(answer.statusCode())) {
                        return answer;
                    }
                    lastProblem = problem(answer);
                    lastFailure = null;
                    retryAfter = RetryLoop.retryAfter(answer.headers());
                }
                catch (IOException e) {
                    // No answer, or not all of it: the publisher may have accepted. The
                    // retry's eventId makes that safe.
                    lastProblem = null;
                    lastFailure = e;
                }
                if (!loop.pause(retryAfter)) {
                    break;
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportNotDeliveredException(eventId, loop.attempts(), "interrupted", lastProblem, e);
        }
        String reason = lastProblem != null ? "last answer " + lastProblem
                : lastFailure != null ? "last attempt failed: " + lastFailure : "deadline passed";
        throw new ReportNotDeliveredException(eventId, loop.attempts(), reason, lastProblem, lastFailure);
    }

    /**
     * The answers a retry can change: the server was busy, overloaded or failing, not the
     * report wrong.
     */
    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    static Problem problem(HttpResponse<String> answer) {
        int status = answer.statusCode();
        if (status / 100 == 3) {
            String location = answer.headers().firstValue("Location").orElse("(no Location)");
            return new Problem(status, null, "Redirect not followed", "The publisher redirects to " + location
                    + "; give the client that address: it does not follow redirects, so its token goes nowhere else",
                    null, "{}");
        }
        return ReportJson.problem(status, answer.body());
    }

    /**
     * Percent-encodes an id for a path segment (catalog ids are ASCII slugs, but a typo
     * must not change the path).
     */
    static String pathSegment(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            }
            else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /**
     * From JDK 21 on the HTTP client can be closed; before, its threads end when it is
     * unreachable.
     */
    @Override
    public void close() {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            }
            catch (Exception e) {
                // Nothing left to send through it: a failure to close changes nothing for
                // the caller.
            }
        }
    }

}
