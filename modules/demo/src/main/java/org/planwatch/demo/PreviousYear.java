package org.planwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.planwatch.publisher.catalog.InitiativeDocument;
import org.planwatch.publisher.plan.PlanDocument;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The previous year of the demo's plan, as a district would finish it, through the
 * publisher's API: each department reports its initiative's final progress, an admin
 * closes the plan, and carries its unfinished initiatives into this year's. A restarted
 * demo finds the plan closed and only carries over again, which answers the same.
 */
final class PreviousYear {

    private final RateLimitedClient http = new RateLimitedClient();

    private final JsonMapper json;

    private final String publisher;

    private final String aggregator;

    private final String admin;

    PreviousYear(JsonMapper json, String publisher, String aggregator, String adminToken) {
        this.json = json;
        this.publisher = publisher;
        this.aggregator = aggregator;
        this.admin = adminToken;
    }

    /**
     * @param tokens the demo's tokens, by {@code department:<id>}
     * @return the carried-over initiatives, as the catalog now holds them
     */
    List<InitiativeDocument> closeAndCarry(CatalogFile previous, String into, Map<String, String> tokens,
            Duration timeout) throws IOException, InterruptedException {
        PlanDocument plan = previous.plan();
        Instant deadline = Instant.now().plus(timeout);
        JsonNode current = json.readTree(send("GET", "/api/v1/plans/" + plan.id(), admin, null).body());
        if ("active".equals(current.path("state").asString())) {
            for (InitiativeDocument initiative : previous.initiatives()) {
                Double percent = previous.finalProgress().get(initiative.id());
                if (percent != null) {
                    report(initiative, percent, tokens.get("department:" + initiative.department()));
                }
            }
            // Closed once the reports are counted, as a district closes its year: the
            // carry-over takes the final figures as the new baselines.
            for (var entry : previous.finalProgress().entrySet()) {
                awaitCounted(entry.getKey(), entry.getValue() / 100, deadline);
            }
            PlanDocument closed = new PlanDocument(plan.id(), plan.name(), plan.owner(), plan.ownerName(),
                    plan.ownerKind(), plan.periodStart(), plan.periodEnd(), plan.zone(), "closed", plan.sample(),
                    plan.previousPlan(), null, null, null, null, null);
            expect(send("PUT", "/api/v1/plans/" + plan.id(), admin, json.writeValueAsString(closed)), 200);
        }
        // The baselines are the final statuses' progress: the publisher answers 400 until
        // the aggregator has published them.
        HttpResponse<String> carried;
        do {
            carried = send("POST", "/api/v1/plans/" + plan.id() + "/carry-over", admin, "{\"into\":\"" + into + "\"}");
            if (carried.statusCode() == 200) {
                break;
            }
            Thread.sleep(500);
        }
        while (Instant.now().isBefore(deadline));
        expect(carried, 200);
        List<InitiativeDocument> entries = new ArrayList<>();
        for (JsonNode item : json.readTree(carried.body())) {
            HttpResponse<String> entry = send("GET", "/api/v1/initiatives/" + item.get("to").asString(), admin, null);
            expect(entry, 200);
            entries.add(json.readValue(entry.body(), InitiativeDocument.class));
        }
        return entries;
    }

    private void awaitCounted(String id, double progress, Instant deadline) throws IOException, InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> status = http
                .send(HttpRequest.newBuilder(URI.create(aggregator + "/api/v1/initiatives/" + id + "/status"))
                    .header("Authorization", "Bearer " + admin)
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (status.statusCode() == 200 && json.readTree(status.body()).path("progress").asDouble() == progress) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The aggregator did not count " + id + "'s final report in time");
    }

    /** The year's last report, on its last day; the same eventId each start. */
    private void report(InitiativeDocument initiative, double percent, String token)
            throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("eventId", "final-" + initiative.id(), "occurredAt",
                initiative.dueDate().atTime(17, 0) + "+08:00", "percentComplete", percent, "reportedBy", "示例数据", "note",
                "年度最终进度（示例）"));
        HttpResponse<String> answer = send("POST", "/api/v1/initiatives/" + initiative.id() + "/events", token, body);
        expect(answer, 202);
    }

    private HttpResponse<String> send(String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(publisher + path))
            .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request
            .method(method,
                    body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void expect(HttpResponse<String> answer, int status) {
        if (answer.statusCode() != status) {
            throw new IllegalStateException(answer.request().method() + " " + answer.request().uri() + " answered "
                    + answer.statusCode() + ": " + answer.body());
        }
    }

}
