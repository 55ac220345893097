package org.planwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.planwatch.publisher.catalog.InitiativeDocument;
import org.planwatch.publisher.plan.PlanDocument;

import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo catalog through the publisher's public API, as any admin tool would: its
 * plan ({@code PUT /api/v1/plans/{id}}), then one {@code PUT /api/v1/initiatives/{id}}
 * per entry, parents first, skipping entries already in the plan (so a restarted demo
 * does not record a re-baseline of every initiative).
 *
 * <p>
 * Run on its own:
 * {@code PROGRESS_ADMIN_TOKEN=... java -cp modules/demo/target/demo-*-exec.jar
 * -Dloader.main=org.planwatch.demo.CatalogLoader org.springframework.boot.loader.launch.PropertiesLauncher
 * http://127.0.0.1:8080}.
 */
final class CatalogLoader {

    private final RateLimitedClient http = new RateLimitedClient();

    private final JsonMapper json;

    private final String publisher;

    private final String authorization;

    /**
     * @param adminToken a token with the admin role: only admins edit the catalog
     */
    CatalogLoader(JsonMapper json, String publisher, String adminToken) {
        this.json = json;
        this.publisher = publisher;
        this.authorization = "Bearer " + adminToken;
    }

    /**
     * @return the entries written (the others existed)
     */
    List<InitiativeDocument> load(CatalogFile catalog) throws IOException, InterruptedException {
        List<InitiativeDocument> written = new ArrayList<>();
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(publisher + "/api/v1/initiatives"))
            .header("Authorization", authorization)
            .GET()
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (list.statusCode() != 200) {
            throw new IllegalStateException("Cannot read the catalog: " + list.statusCode() + " " + list.body());
        }
        // Entries already in their plan are skipped; one written before plans is written
        // again with its plan (the migration every older catalog makes).
        Set<String> existing = new HashSet<>();
        json.readTree(list.body()).forEach(entry -> {
            if (entry.has("plan")) {
                existing.add(entry.get("id").asString());
            }
        });
        writePlan(catalog.plan());
        for (InitiativeDocument initiative : catalog.parentsFirst()) {
            if (existing.contains(initiative.id())) {
                continue;
            }
            URI uri = URI.create(publisher + "/api/v1/initiatives/" + initiative.id());
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(initiative), StandardCharsets.UTF_8))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Catalog entry " + initiative.id() + " refused: "
                        + response.statusCode() + " " + response.body()
                        + (response.statusCode() == 403 ? " (the token must have the admin role)" : ""));
            }
            written.add(initiative);
        }
        return written;
    }

    /** The plan, unless it exists already (a restarted demo leaves it as it is). */
    private void writePlan(PlanDocument plan) throws IOException, InterruptedException {
        URI uri = URI.create(publisher + "/api/v1/plans/" + plan.id());
        HttpResponse<String> found = http.send(
                HttpRequest.newBuilder(uri).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (found.statusCode() == 200) {
            return;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(plan), StandardCharsets.UTF_8))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    "Plan " + plan.id() + " refused: " + response.statusCode() + " " + response.body());
        }
    }

    /**
     * {@code CatalogLoader <publisher-url>}: loads the shipped demo catalog, shifted to
     * this year, with the admin token in {@code PROGRESS_ADMIN_TOKEN}.
     */
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        String token = System.getenv("PROGRESS_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("Set PROGRESS_ADMIN_TOKEN to an admin token of the publisher");
            System.exit(2);
        }
        JsonMapper json = JsonMapper.builder().build();
        CatalogFile catalog = CatalogFile.load(json).shiftedTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear());
        int written = new CatalogLoader(json, url, token).load(catalog).size();
        System.out.printf("Loaded %d of %d initiatives into %s%n", written, catalog.initiatives().size(), url);
    }

}
