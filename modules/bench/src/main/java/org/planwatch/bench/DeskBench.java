package org.planwatch.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.planwatch.bench.Table.Row;
import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.process.BootService;

/**
 * The supervisors' desk at a catalog size: the overview page's time, filtered and paged,
 * through the publisher following {@code initiative-status} as the aggregator writes it;
 * and the heap its view takes (the same map of the same decoded records, built here from
 * the topic).
 */
final class DeskBench {

    static final Map<Integer, Goal> PAGE = Map.of(10_000, Goal.atMost("p99 ≤ 200 ms", 200), 50_000,
            Goal.atMost("p99 ≤ 1000 ms", 1000));
    static final Map<Integer, Goal> VIEW_HEAP = Map.of(50_000, Goal.atMost("≤ 256 MB", 256));

    private static final Pattern TOTAL = Pattern.compile("id=\"total\">(\\d+)<");

    /**
     * Two shapes a supervisor uses: a light, sorted, a later page; a text in the name.
     */
    private static final List<String> QUERIES = List.of("/ui/desk/?light=red&sort=variance&size=50&page=2",
            "/ui/desk/?q=%E4%BA%8B%E9%A1%B9&sort=due&size=50&page=1");

    private DeskBench() {
    }

    static void measure(Table table, BootService publisher, String supervisorToken, String bootstrap, int size)
            throws Exception {
        awaitDesk(publisher, supervisorToken, size);
        for (int i = 0; i < 40; i++) {
            page(publisher, supervisorToken, QUERIES.get(i % QUERIES.size()));
        }
        Histogram times = new Histogram(HttpLoad.DIGITS);
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            page(publisher, supervisorToken, QUERIES.get(i % QUERIES.size()));
            times.recordValue(System.nanoTime() - start);
        }
        double p99 = HttpLoad.millisAt(times, 99);
        table.add(Row
            .of("Desk overview page at " + size + " initiatives, filtered and paged (200 requests on loopback, "
                    + "one at a time), p50 / p99 ms", String.format("%.1f / %.1f", HttpLoad.millisAt(times, 50), p99))
            .goal(PAGE.get(size), p99));
        double mb = viewHeap(bootstrap) / 1e6;
        table.add(Row.of(
                "Desk view's heap at " + size
                        + " initiatives (the followed map of decoded statuses, live after GC), MB",
                String.format("%.1f", mb))
            .goal(VIEW_HEAP.get(size), mb));
    }

    static void awaitDesk(BootService publisher, String token, int size) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            Matcher m = TOTAL.matcher(page(publisher, token, "/ui/desk/?size=20"));
            seen = m.find() ? Integer.parseInt(m.group(1)) : -1;
            if (seen >= size) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("The desk shows " + seen + " initiatives, not " + size);
    }

    private static String page(BootService publisher, String token, String path) throws Exception {
        HttpResponse<String> r = BootService.HTTP.send(HttpRequest.newBuilder(URI.create(publisher.url() + path))
            .header("Cookie", "pw_token=" + token)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        return r.body();
    }

    /**
     * Live heap of this JVM with the desk's map of every status on the topic, less
     * without it.
     */
    private static long viewHeap(String bootstrap) throws Exception {
        long before = liveHeap();
        Map<String, InitiativeStatus> view = read(bootstrap);
        long after = liveHeap();
        if (view.isEmpty()) {
            throw new IllegalStateException("initiative-status is empty");
        }
        return after - before;
    }

    /**
     * Through the same {@link TopicFollower} the desk uses, into the same kind of map.
     */
    private static Map<String, InitiativeStatus> read(String bootstrap) throws InterruptedException {
        Map<String, InitiativeStatus> latest = new ConcurrentHashMap<>();
        try (TopicFollower<InitiativeStatus> follower = new TopicFollower<>(Topics.INITIATIVE_STATUS,
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), "bench-desk-view", (key, value, offset) -> {
                    if (value == null) {
                        latest.remove(key);
                    }
                    else {
                        latest.put(key, value);
                    }
                })) {
            follower.start();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!follower.isCaughtUp()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("initiative-status not read to its end in 2 minutes");
                }
                Thread.sleep(100);
            }
        }
        return latest;
    }

    private static long liveHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

}
