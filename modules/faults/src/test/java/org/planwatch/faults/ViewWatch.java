package org.planwatch.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.planwatch.process.BootService;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches what the aggregators show through a fault: every instance's metrics
 * ({@code initiative_events_total} of each initiative) and its status API (its own
 * answers only, not redirects), every 100 ms, each answer tagged with the stretch of the
 * scenario it came in ({@link #next}). Each instance is watched on its own thread: a
 * frozen one, whose requests wait out their timeout, holds up no answer of the others.
 * Nothing an aborted transaction counted may ever be shown (ADR 0017): every count shown
 * is one a commit wrote to the initiative's state changelog, and what is shown after a
 * crash or a takeover never counts fewer events than what was shown before it. (A zombie
 * may still show, as it wakes, what its last commit before it froze made durable: those
 * counts are committed.)
 */
final class ViewWatch implements AutoCloseable {

    /** One initiative's events counted, as one instance showed it in one stretch. */
    record Seen(String instance, int stretch, String initiative, String source, long value) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(1))
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();

    private final List<BootService> aggregators;

    private final Set<String> watched;

    private final List<String> asked;

    private final String token;

    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());

    private final ScheduledExecutorService poller;

    private volatile int stretch;

    private ViewWatch(List<BootService> aggregators, Set<String> watched, List<String> asked, String token) {
        this.aggregators = aggregators;
        this.watched = watched;
        this.asked = asked;
        this.token = token;
        this.poller = Executors.newScheduledThreadPool(aggregators.size(), runnable -> {
            Thread thread = new Thread(runnable, "view-watch");
            thread.setDaemon(true);
            return thread;
        });
        for (BootService aggregator : aggregators) {
            poller.scheduleWithFixedDelay(() -> lookAt(aggregator), 0, 100, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts watching the metrics of {@code watched}; {@code asked} are the initiatives
     * whose status API is asked too.
     */
    static ViewWatch start(List<BootService> aggregators, Set<String> watched, List<String> asked, String token) {
        return new ViewWatch(aggregators, watched, asked, token);
    }

    /** What is shown from now on belongs to the next stretch; returns its number. */
    int next() {
        return ++stretch;
    }

    /**
     * Each answer belongs to the stretch current when it came in, not when it was asked.
     */
    private void lookAt(BootService aggregator) {
        if (!aggregator.process().alive()) {
            return;
        }
        String name = aggregator.process().name();
        String metrics = get(aggregator.management() + "/actuator/prometheus", false);
        if (metrics == null) {
            return; // frozen, or not up yet: the others are watched meanwhile
        }
        int now = stretch;
        Verifier.eventsTotal(metrics).forEach((id, value) -> {
            if (watched.contains(id)) {
                seen.add(new Seen(name, now, id, "metrics", Math.round(value)));
            }
        });
        for (String id : asked) {
            String status = get(aggregator.url() + "/api/v1/initiatives/" + id + "/status", true);
            if (status != null) {
                seen.add(
                        new Seen(name, stretch, id, "status API", JSON.readTree(status).get("eventsCounted").asLong()));
            }
        }
    }

    /**
     * The body of a 200 answer; null for any other answer, or none within a second (a
     * frozen instance).
     */
    private String get(String url, boolean authorized) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET();
        if (authorized) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (Exception e) {
            return null;
        }
    }

    /** How many answers were seen in {@code stretch}, over every instance and source. */
    long count(int stretch) {
        synchronized (seen) {
            return seen.stream().filter(s -> s.stretch() == stretch).count();
        }
    }

    /**
     * Initiatives shown in {@code stretch} with fewer events counted than the most shown
     * in the stretch before it, on any instance: a count shown before that the crash or
     * the takeover then rolled back. Each with the two values.
     */
    Map<String, String> wentBack(int stretch) {
        Map<String, Long> before = highest(s -> s.stretch() == stretch - 1);
        Map<String, String> back = new TreeMap<>();
        synchronized (seen) {
            for (Seen s : seen) {
                Long was = before.get(s.initiative());
                if (s.stretch() == stretch && was != null && s.value() < was) {
                    back.merge(s.initiative(), s.source() + " on " + s.instance() + ": " + s.value() + " after " + was,
                            (a, b) -> a);
                }
            }
        }
        return back;
    }

    /**
     * Answers whose events counted is none that the aggregators committed for the
     * initiative ({@code committed}, from its state's changelog): a count shown before
     * its transaction committed, or from one that was aborted. By initiative, the first
     * such answer.
     */
    Map<String, String> notCommitted(Map<String, Set<Long>> committed) {
        Map<String, String> shown = new TreeMap<>();
        synchronized (seen) {
            for (Seen s : seen) {
                if (!committed.getOrDefault(s.initiative(), Set.of()).contains(s.value())) {
                    shown.putIfAbsent(s.initiative(), s.source() + " on " + s.instance() + " showed " + s.value()
                            + " (stretch " + s.stretch() + "), never committed");
                }
            }
        }
        return shown;
    }

    /** How many answers were seen in all. */
    int size() {
        return seen.size();
    }

    private Map<String, Long> highest(Predicate<Seen> which) {
        Map<String, Long> highest = new TreeMap<>();
        synchronized (seen) {
            seen.stream().filter(which).forEach(s -> highest.merge(s.initiative(), s.value(), Math::max));
        }
        return highest;
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
    }

}
