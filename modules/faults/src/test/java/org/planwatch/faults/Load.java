package org.planwatch.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.planwatch.client.RetryPolicy;
import org.planwatch.client.Retrying;
import org.planwatch.process.BootService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator: posts planned events with unique eventIds through the batch API,
 * paced, and keeps the set Kafka acknowledged (item status 202). A lost answer, a
 * time-out, a refused connection, a 429 or a 5xx, or an item answered 503, is sent again
 * with the same eventId until it is acknowledged: what a careful department system does.
 * Nothing here reads the aggregator.
 */
final class Load implements AutoCloseable {

    /**
     * One planned report: percent {@code percent} on {@code initiativeId} as of
     * {@code occurredAt}.
     */
    record Event(String eventId, String initiativeId, double percent, Instant occurredAt) {

        String json() {
            return "{\"eventId\":\"" + eventId + "\",\"initiativeId\":\"" + initiativeId + "\",\"occurredAt\":\""
                    + occurredAt + "\",\"percentComplete\":" + percent + ",\"reportedBy\":\"harness\"}";
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * The pause between resends, as every planwatch client takes it (jittered, growing to
     * 2 s).
     */
    private static final Retrying RETRY = Retrying
        .under(RetryPolicy.DEFAULT.withDelays(Duration.ofMillis(100), Duration.ofSeconds(2)));

    private final List<Event> planned;

    private final Supplier<String> publisher;

    private final String token;

    private final int batchSize;

    private final double perSecond;

    private final boolean sendTwice;

    private final Map<String, Event> acked = new ConcurrentHashMap<>();

    private final List<Event> external = Collections.synchronizedList(new ArrayList<>());

    private final AtomicLong requests = new AtomicLong();

    private final AtomicLong resent = new AtomicLong();

    private final AtomicLong refused = new AtomicLong();

    private final AtomicLong unavailableItems = new AtomicLong();

    private final AtomicLong acceptedWhileDown = new AtomicLong();

    private final AtomicLong slowestUnavailableMillis = new AtomicLong();

    private final List<String> rejections = Collections.synchronizedList(new ArrayList<>());

    private volatile Instant downFrom;

    private volatile Instant downUntil;

    private volatile Instant finishedAt;

    private volatile Throwable failure;

    private Thread thread;

    /**
     * @param initiatives the ids the events spread over, round-robin
     * @param shuffle send in a random order (occurredAt still follows the plan)
     * @param sendTwice post every batch a second time, reshuffled, as a confused client
     * would
     */
    Load(List<String> initiatives, int events, Supplier<String> publisher, String token, int batchSize,
            double perSecond, boolean shuffle, boolean sendTwice, String runId) {
        Instant base = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.SECONDS);
        List<Event> plan = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            plan.add(new Event(runId + "-" + i, initiatives.get(i % initiatives.size()), i % 100, base.plusSeconds(i)));
        }
        if (shuffle) {
            Collections.shuffle(plan, new Random(42));
        }
        this.planned = List.copyOf(plan);
        this.publisher = publisher;
        this.token = token;
        this.batchSize = batchSize;
        this.perSecond = perSecond;
        this.sendTwice = sendTwice;
    }

    Load start() {
        thread = new Thread(this::run, "load");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run() {
        try {
            long startNanos = System.nanoTime();
            for (int from = 0; from < planned.size(); from += batchSize) {
                List<Event> batch = planned.subList(from, Math.min(planned.size(), from + batchSize));
                long due = startNanos + (long) (from / perSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                deliver(batch);
                if (sendTwice) {
                    List<Event> again = new ArrayList<>(batch);
                    Collections.shuffle(again, new Random(from));
                    deliver(again);
                }
            }
            finishedAt = Instant.now();
        }
        catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Until every event of the batch is acknowledged: the unacknowledged ones are sent
     * again as they were.
     */
    private void deliver(List<Event> batch) throws InterruptedException {
        List<Event> pending = batch;
        int round = 0;
        while (!pending.isEmpty()) {
            Instant sentAt = Instant.now();
            requests.incrementAndGet();
            try {
                String body = "{\"events\":[" + String.join(",", pending.stream().map(Event::json).toList()) + "]}";
                HttpResponse<String> response = BootService.HTTP
                    .send(HttpRequest.newBuilder(URI.create(publisher.get() + "/api/v1/events"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    pending = answered(pending, JSON.readTree(response.body()), sentAt);
                    if (pending.isEmpty()) {
                        return;
                    }
                }
            }
            catch (IOException e) {
                // Refused, reset or timed out: the events may or may not be in Kafka.
                // Same ids again.
            }
            resent.incrementAndGet();
            // The simulated client's own pause between retries, not a wait for the
            // system.
            Thread.sleep(RETRY.backoff(++round).toMillis());
        }
    }

    private List<Event> answered(List<Event> pending, JsonNode response, Instant sentAt) {
        List<Event> again = new ArrayList<>();
        // Answered while the broker is surely down: sent after it stopped, and before the
        // harness starts it again. A request sent then and acknowledged once it is back
        // (within the publisher's delivery timeout) is in Kafka, and no lie.
        boolean whileDown = downFrom != null && sentAt.isAfter(downFrom) && downUntil == null;
        long millis = Duration.between(sentAt, Instant.now()).toMillis();
        for (JsonNode item : response.get("results")) {
            Event event = pending.get(item.get("index").asInt());
            int status = item.get("status").asInt();
            if (status == 202) {
                acked.put(event.eventId(), event);
                if (whileDown) {
                    acceptedWhileDown.incrementAndGet();
                }
            }
            else if (status == 503) {
                unavailableItems.incrementAndGet();
                slowestUnavailableMillis.accumulateAndGet(millis, Math::max);
                again.add(event);
            }
            else {
                refused.incrementAndGet();
                rejections.add(event.eventId() + ": " + item);
            }
        }
        return again;
    }

    /**
     * From now until {@link #brokerBack}, an acknowledgement of a request sent meanwhile
     * would be a lie.
     */
    void brokerDown() {
        downFrom = Instant.now();
        downUntil = null;
    }

    void brokerBack() {
        downUntil = Instant.now();
    }

    /**
     * An event written around the publisher (straight to Kafka) and acknowledged there:
     * part of the expectation.
     */
    void acknowledgedElsewhere(Event event) {
        external.add(event);
        acked.put(event.eventId(), event);
    }

    int planned() {
        return planned.size() + external.size();
    }

    List<Event> plan() {
        List<Event> all = new ArrayList<>(planned);
        all.addAll(external);
        return all;
    }

    /** The initiatives the plan reports on. */
    Set<String> initiatives() {
        Set<String> ids = new TreeSet<>();
        plan().forEach(e -> ids.add(e.initiativeId()));
        return ids;
    }

    Map<String, Event> acked() {
        return Map.copyOf(acked);
    }

    int ackedCount() {
        return acked.size();
    }

    long requests() {
        return requests.get();
    }

    long resent() {
        return resent.get();
    }

    long unavailableItems() {
        return unavailableItems.get();
    }

    long acceptedWhileDown() {
        return acceptedWhileDown.get();
    }

    long slowestUnavailableMillis() {
        return slowestUnavailableMillis.get();
    }

    List<String> rejections() {
        return List.copyOf(rejections);
    }

    /**
     * Waits for the whole plan to be acknowledged; fails on the generator's own error.
     */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (failure != null) {
            throw new AssertionError("load generator failed", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError(
                    "load not done after " + timeout + ": " + acked.size() + " of " + planned.size() + " acknowledged");
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }

}
