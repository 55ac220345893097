package org.planwatch.importer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.planwatch.client.RetryPolicy;
import org.planwatch.client.Retrying;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher's API as the importer uses it. A {@code 429} or {@code 503} is waited out
 * (its {@code Retry-After}, seconds or an HTTP date, else a growing pause with jitter)
 * and the same request sent again, as is a request that could not connect: the eventIds
 * inside make a repeat harmless.
 */
final class PublisherClient {

    /**
     * Tries per request before giving up; with the waits below, several minutes of
     * outage.
     */
    static final int ATTEMPTS = 10;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status and body. */
    record Response(int status, String body) {

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return body == null || body.isBlank() ? Map.of() : JSON.readValue(body, Map.class);
        }

        /** The problem detail's {@code detail}, else the body. */
        String detail() {
            try {
                Object detail = json().get("detail");
                return detail == null ? body : detail.toString();
            }
            catch (RuntimeException e) {
                return body;
            }
        }
    }

    /**
     * One item of a batch answer. {@code problem} is the item's problem detail, empty
     * when accepted.
     */
    record ItemResult(int index, int status, String eventId, Map<String, Object> problem) {
    }

    /**
     * The publisher could not be reached, or kept answering busy, within
     * {@link #ATTEMPTS}.
     */
    static final class UnavailableException extends Exception {

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }

    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;

    private final String token;

    private final Retrying retrying;

    private final PrintWriter err;

    PublisherClient(String url, String token, Environment environment, PrintWriter err) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = token;
        this.retrying = retrying(environment);
        this.err = err;
    }

    Response get(String path) throws UnavailableException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(path)).GET());
    }

    Response put(String path, Object body) throws UnavailableException, InterruptedException {
        return send(HttpRequest.newBuilder(resolve(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8)));
    }

    /**
     * {@code POST /api/v1/events}: the results in the batch's order.
     * @throws RefusedException when the batch as a whole was refused (401, 403, 413, 400
     * ...)
     */
    @SuppressWarnings("unchecked")
    List<ItemResult> postEvents(List<Map<String, Object>> events)
            throws UnavailableException, RefusedException, InterruptedException {
        Response response = send(HttpRequest.newBuilder(resolve("api/v1/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("events", events)),
                    StandardCharsets.UTF_8)));
        if (response.status() == 429 || response.status() == 503) {
            throw new UnavailableException(
                    "服务器持续繁忙 (the publisher stayed busy: " + response.status() + " " + response.detail() + ")", null);
        }
        if (response.status() != 200) {
            throw new RefusedException(response);
        }
        List<ItemResult> results = new ArrayList<>();
        for (Object item : (List<Object>) response.json().get("results")) {
            Map<String, Object> r = (Map<String, Object>) item;
            Object problem = r.get("problem");
            results.add(new ItemResult(((Number) r.get("index")).intValue(), ((Number) r.get("status")).intValue(),
                    (String) r.get("eventId"), problem == null ? Map.of() : (Map<String, Object>) problem));
        }
        return results;
    }

    /** The publisher refused a request as a whole. */
    static final class RefusedException extends Exception {

        private final transient Response response;

        RefusedException(Response response) {
            super(response.status() + " " + response.detail());
            this.response = response;
        }

        Response response() {
            return response;
        }

    }

    static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    private URI resolve(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private Response send(HttpRequest.Builder request) throws UnavailableException, InterruptedException {
        HttpRequest built = request.header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(60))
            .build();
        try {
            HttpResponse<String> response = retrying.send(http, built,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), (busy, failure, wait) -> {
                        if (busy != null) {
                            err.printf("服务器繁忙（%d），%d 秒后重试 (publisher busy: %d; retrying in %d s)%n", busy.statusCode(),
                                    wait.toSeconds(), busy.statusCode(), wait.toSeconds());
                        }
                        else {
                            err.printf("无法连接服务器，%d 秒后重试 (cannot reach the publisher: %s; retrying in %d s)%n",
                                    wait.toSeconds(), failure.getMessage() == null ? failure.getClass().getSimpleName()
                                            : failure.getMessage(),
                                    wait.toSeconds());
                        }
                        err.flush();
                    });
            return new Response(response.statusCode(), response.body());
        }
        catch (IOException e) {
            throw new UnavailableException("无法连接服务器 (cannot reach the publisher at " + base + ": " + e + ")", e);
        }
    }

    /**
     * The importer's retries, through the client library's one retry path: 429 and 503
     * (and no answer) are retried, {@link #ATTEMPTS} tries in all, 1, 2, 4 ... s up to
     * {@link #MAX_WAIT} apart, each up to twice that with jitter.
     */
    static Retrying retrying(Environment environment) {
        return Retrying
            .under(new RetryPolicy(ATTEMPTS, Duration.ofSeconds(2), MAX_WAIT.multipliedBy(2), Duration.ofMinutes(30)))
            .on(status -> status == 429 || status == 503)
            .withRandom(environment.random())
            .withSleeper(environment.sleeper()::sleep);
    }

}
