package org.planwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.planwatch.process.BootService;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publisher's JSON API as the runs call it: tokens, posts, and the figures read back
 * from its answers.
 */
final class PublisherApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PublisherApi() {
    }

    /** A token issued with the admin token for {@code request} ({@code {"role":…}}). */
    static String token(BootService publisher, String adminToken, String request)
            throws IOException, InterruptedException {
        HttpResponse<String> r = post(publisher.url() + "/api/v1/tokens", adminToken, request);
        String token = r.statusCode() == 201 ? json(r.body()).path("token").asString("") : "";
        if (token.isEmpty()) {
            throw new IllegalStateException("Cannot issue a token: " + r.statusCode() + " " + r.body());
        }
        return token;
    }

    static HttpResponse<String> post(String url, String token, String body) throws IOException, InterruptedException {
        return send("POST", url, token, body, Duration.ofSeconds(30));
    }

    /** Given two minutes: a plan's close or archive stamps every one of its entries. */
    static HttpResponse<String> put(String url, String token, String body) throws IOException, InterruptedException {
        return send("PUT", url, token, body, Duration.ofMinutes(2));
    }

    private static HttpResponse<String> send(String method, String url, String token, String body, Duration timeout)
            throws IOException, InterruptedException {
        return BootService.HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /**
     * A batch answer's {@code accepted}, its first field: read as a stream up to it, so a
     * thousand per-item results after it cost the harness nothing during a saturation
     * run.
     */
    static int accepted(String body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                parser.nextToken();
                if (name.equals("accepted")) {
                    return parser.getIntValue();
                }
                parser.skipChildren();
            }
            return 0;
        }
    }

}
