package org.planwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.planwatch.publisher.catalog.InitiativeDocument;

import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo catalog through the publisher's public API, as any admin tool would: one
 * {@code PUT /api/v1/initiatives/{id}} per entry, parents first, skipping entries that already
 * exist (so a restarted demo does not record a re-baseline of every initiative).
 *
 * <p>Run on its own: {@code java -cp modules/demo/target/demo-*-exec.jar
 * -Dloader.main=org.planwatch.demo.CatalogLoader org.springframework.boot.loader.launch.PropertiesLauncher
 * http://127.0.0.1:8080}.
 */
final class CatalogLoader {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final String publisher;

    CatalogLoader(JsonMapper json, String publisher) {
        this.json = json;
        this.publisher = publisher;
    }

    /** @return the entries written (the others existed) */
    java.util.List<InitiativeDocument> load(CatalogFile catalog) throws IOException, InterruptedException {
        java.util.List<InitiativeDocument> written = new java.util.ArrayList<>();
        for (InitiativeDocument initiative : catalog.parentsFirst()) {
            URI uri = URI.create(publisher + "/api/v1/initiatives/" + initiative.id());
            if (http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200) {
                continue;
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(initiative), StandardCharsets.UTF_8))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("Catalog entry " + initiative.id() + " refused: " + response.statusCode()
                        + " " + response.body());
            }
            written.add(initiative);
        }
        return written;
    }

    /** {@code CatalogLoader <publisher-url>}: loads the shipped demo catalog, shifted to this year. */
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080";
        JsonMapper json = JsonMapper.builder().build();
        CatalogFile catalog = CatalogFile.load(json).shiftedTo(LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear());
        int written = new CatalogLoader(json, url).load(catalog).size();
        System.out.printf("Loaded %d of %d initiatives into %s%n", written, catalog.initiatives().size(), url);
    }
}
