package org.planwatch.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How a well-behaved client of the publisher sends: on 429 it waits what {@code Retry-After}
 * says and sends the same request again (a few times), instead of failing or hammering.
 */
final class RateLimitedClient {

    private static final int ATTEMPTS = 10;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        HttpResponse<T> response = http.send(request, body);
        for (int attempt = 1; attempt < ATTEMPTS && response.statusCode() == 429; attempt++) {
            long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(Duration.ofSeconds(Math.max(1, Math.min(seconds, 30))).toMillis());
            response = http.send(request, body);
        }
        return response;
    }
}
