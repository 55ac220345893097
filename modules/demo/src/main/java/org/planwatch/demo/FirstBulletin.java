package org.planwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.planwatch.publisher.catalog.InitiativeDocument;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's first bulletin (督查通报), through the publisher's API as a supervisor would:
 * once the desk's view has every catalog initiative, a draft is generated, approved with
 * the public initiatives' notes cleared for the public page, and published. Nothing
 * happens when a published bulletin exists already (a restarted demo).
 */
final class FirstBulletin {

    private final RateLimitedClient http = new RateLimitedClient();

    private final JsonMapper json;

    private final String publisher;

    private final String publisherManagement;

    private final String authorization;

    FirstBulletin(JsonMapper json, String publisher, String publisherManagement, String supervisorToken) {
        this.json = json;
        this.publisher = publisher;
        this.publisherManagement = publisherManagement;
        this.authorization = "Bearer " + supervisorToken;
    }

    /**
     * @param events how many reports the desk's view must count first (the simulator's
     * backfill)
     * @return the published bulletin's number (the existing one, or the one just
     * published)
     */
    int publish(String plan, List<InitiativeDocument> catalog, long events, Duration timeout)
            throws IOException, InterruptedException {
        JsonNode existing = json.readTree(call("GET", "/api/v1/bulletins?plan=" + plan, null, 200));
        for (JsonNode bulletin : existing) {
            if ("published".equals(bulletin.get("state").asString())) {
                return bulletin.get("number").asInt();
            }
        }
        Instant deadline = Instant.now().plus(timeout);
        await(publisherManagement, "planwatch_desk_initiatives", catalog.size(), deadline);
        await(publisherManagement, "planwatch_desk_reports", events, deadline);
        JsonNode made = json
            .readTree(call("POST", "/api/v1/bulletins", json.writeValueAsString(Map.of("plan", plan)), 201));
        int number = made.get("number").asInt();
        String id = made.get("id").asString();
        List<String> shown = catalog.stream()
            .filter(i -> Boolean.TRUE.equals(i.shownInPublic()))
            .map(InitiativeDocument::id)
            .toList();
        call("POST", "/api/v1/bulletins/" + id + "/approve", json.writeValueAsString(Map.of("publicNotes", shown)),
                200);
        call("POST", "/api/v1/bulletins/" + id + "/publish", "{}", 200);
        return number;
    }

    /**
     * Waits until a metric's series sum to {@code atLeast}: the desk's view, which the
     * bulletin is made from, holds the whole catalog, then every report of the backfill.
     */
    private void await(String management, String metric, long atLeast, Instant deadline)
            throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            String metrics = http
                .send(HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .body();
            double sum = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            if (sum >= atLeast) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(metric + " did not reach " + atLeast + " in time");
    }

    private String call(String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(publisher + path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json");
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

}
