package org.planwatch.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.planwatch.client.RetryPolicy;
import org.planwatch.client.Retrying;

/**
 * How a well-behaved client of the publisher sends: on 429 it waits what
 * {@code Retry-After} says (seconds or an HTTP date, plus jitter) and sends the same
 * request again, a few times, instead of failing or hammering; the client library's one
 * retry path.
 */
final class RateLimitedClient {

    private static final Retrying RETRYING = Retrying
        .under(new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5)))
        .on(status -> status == 429);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return RETRYING.send(http, request, body, (busy, failure, wait) -> {
        });
    }

}
