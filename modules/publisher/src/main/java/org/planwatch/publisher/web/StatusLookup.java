package org.planwatch.publisher.web;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads initiatives' current status from the aggregator's status API with the clerk's own
 * token, so the aggregator applies its own checks. Any instance will do: it redirects to
 * the one that owns the initiative, and the JDK client sends the token again on the
 * redirect. A status the aggregator does not give in time is shown as unknown; the page
 * never waits long or fails for it.
 */
@Component
public class StatusLookup {

    private static final Logger log = LoggerFactory.getLogger(StatusLookup.class);

    private final WebProperties properties;

    private final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient http;

    StatusLookup(WebProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(properties.statusTimeout())
            .build();
    }

    /** Status by initiative id; ids the aggregator did not answer for are absent. */
    Map<String, JsonNode> statuses(String token, Collection<String> ids) {
        Map<String, CompletableFuture<Optional<JsonNode>>> pending = new LinkedHashMap<>();
        for (String id : ids) {
            pending.put(id, fetch(token, id));
        }
        Map<String, JsonNode> statuses = new LinkedHashMap<>();
        pending.forEach((id, future) -> future.join().ifPresent(status -> statuses.put(id, status)));
        return statuses;
    }

    public Optional<JsonNode> status(String token, String id) {
        return fetch(token, id).join();
    }

    /**
     * The latest 100 counted reports, newest first, as the aggregator's history API pages
     * them.
     */
    public Optional<JsonNode> history(String token, String id) {
        return fetch(token, id, "/history?size=100").join();
    }

    private CompletableFuture<Optional<JsonNode>> fetch(String token, String id) {
        return fetch(token, id, "/status");
    }

    private CompletableFuture<Optional<JsonNode>> fetch(String token, String id, String what) {
        URI uri = properties.aggregatorUrl()
            .resolve("/api/v1/initiatives/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + what);
        HttpRequest request = HttpRequest.newBuilder(uri)
            .timeout(properties.statusTimeout())
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .GET()
            .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .handle((response, error) -> {
                if (error != null) {
                    log.debug("No status for {} from {}: {}", id, uri, error.toString());
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    log.debug("No status for {} from {}: HTTP {}", id, uri, response.statusCode());
                    return Optional.empty();
                }
                try {
                    return Optional.of(json.readTree(response.body()));
                }
                catch (RuntimeException e) {
                    return Optional.empty();
                }
            });
    }

}
