package org.planwatch.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.planwatch.process.BootService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares what the aggregator shows with what the load generator was told: the expected
 * state is computed from the acknowledged set alone, never from the aggregator's own
 * counters. For every initiative it reads the status (eventsCounted, percentComplete),
 * the full report history (the eventIds counted) and {@code initiative_events_total}
 * summed over every aggregator instance.
 */
final class Verifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    /**
     * @param counted distinct events the status API counts, summed over initiatives
     * @param lost acknowledged events missing from the history
     * @param phantom counted events that were never acknowledged
     * @param doubleCounted counts beyond the distinct events (status above history, or
     * metrics above status)
     * @param wrongValues initiatives whose percentComplete is not that of their latest
     * acknowledged report
     */
    record Outcome(int planned, int acknowledged, long counted, long lost, long phantom, long doubleCounted,
            long wrongValues, List<String> examples) {

        boolean exact() {
            return acknowledged == planned && counted == acknowledged && lost == 0 && phantom == 0 && doubleCounted == 0
                    && wrongValues == 0;
        }
    }

    private Verifier() {
    }

    static Outcome check(Load load, List<BootService> aggregators, String token)
            throws IOException, InterruptedException {
        Map<String, Load.Event> acked = load.acked();
        Map<String, List<Load.Event>> byInitiative = acked.values()
            .stream()
            .collect(Collectors.groupingBy(Load.Event::initiativeId));
        Set<String> initiatives = load.initiatives();
        Map<String, Double> metric = new HashMap<>();
        for (BootService aggregator : aggregators) {
            if (aggregator.process().alive()) {
                eventsTotal(aggregator.metrics()).forEach((id, v) -> metric.merge(id, v, Double::sum));
            }
        }
        long counted = 0;
        long lost = 0;
        long phantom = 0;
        long doubled = 0;
        long wrong = 0;
        List<String> examples = new ArrayList<>();
        String base = aggregators.stream().filter(a -> a.process().alive()).findFirst().orElseThrow().url();
        for (String id : initiatives) {
            JsonNode status = get(base + "/api/v1/initiatives/" + id + "/status", token);
            long eventsCounted = status == null ? 0 : status.get("eventsCounted").asLong();
            counted += eventsCounted;
            Set<String> history = history(base, id, token);
            Set<String> expected = byInitiative.getOrDefault(id, List.of())
                .stream()
                .map(Load.Event::eventId)
                .collect(Collectors.toSet());
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(history);
            Set<String> extra = new HashSet<>(history);
            extra.removeAll(expected);
            lost += missing.size();
            phantom += extra.size();
            long over = Math.max(0, eventsCounted - history.size())
                    + Math.max(0, Math.round(metric.getOrDefault(id, 0.0)) - eventsCounted);
            doubled += over;
            Double latest = byInitiative.getOrDefault(id, List.of())
                .stream()
                .max(Comparator.comparing(Load.Event::occurredAt))
                .map(Load.Event::percent)
                .orElse(null);
            JsonNode percent = status == null ? null : status.get("percentComplete");
            Double shown = percent == null || percent.isNull() ? null : percent.asDouble();
            if (!Objects.equals(latest, shown)) {
                wrong++;
            }
            if (examples.size() < 5
                    && (!missing.isEmpty() || !extra.isEmpty() || over > 0 || !Objects.equals(latest, shown))) {
                examples.add(id + ": counted " + eventsCounted + ", history " + history.size() + ", acknowledged "
                        + expected.size() + ", metric " + metric.get(id) + ", percent " + shown + " (expected " + latest
                        + ")");
            }
        }
        return new Outcome(load.planned(), acked.size(), counted, lost, phantom, doubled, wrong, examples);
    }

    /**
     * The status API's answer for each of the load's initiatives (absent when it has
     * none).
     */
    static Map<String, JsonNode> statuses(Load load, List<BootService> aggregators, String token)
            throws IOException, InterruptedException {
        String base = aggregators.stream().filter(a -> a.process().alive()).findFirst().orElseThrow().url();
        Map<String, JsonNode> answers = new HashMap<>();
        for (String id : load.initiatives()) {
            JsonNode status = get(base + "/api/v1/initiatives/" + id + "/status", token);
            if (status != null) {
                answers.put(id, status);
            }
        }
        return answers;
    }

    private static Set<String> history(String base, String id, String token) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        for (int page = 0;; page++) {
            JsonNode answer = get(base + "/api/v1/initiatives/" + id + "/history?size=100&page=" + page, token);
            if (answer == null || answer.get("events").isEmpty()) {
                return ids;
            }
            answer.get("events").forEach(e -> ids.add(e.get("eventId").asString()));
        }
    }

    private static JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static final Pattern EVENTS_TOTAL = Pattern
        .compile("^initiative_events_total\\{[^}]*initiative=\"([^\"]+)\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE);

    static Map<String, Double> eventsTotal(String metrics) {
        Map<String, Double> values = new HashMap<>();
        Matcher m = EVENTS_TOTAL.matcher(metrics);
        while (m.find()) {
            values.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return values;
    }

}
