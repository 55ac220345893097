package org.planwatch.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.IntPredicate;

import org.planwatch.bench.Table.Row;
import org.planwatch.process.BootService;

/**
 * Archiving a plan of 10,000 initiatives (the aggregation runs' count) through the
 * publisher, as an admin would: the scrape's series before and after, how long the step
 * took (it stamps every entry), and how long until the aggregator's scrape no longer
 * carried them (ADR 0012).
 */
final class ArchiveRun implements Run {

    static final String PROGRAM = "archive";

    private static final String PLAN = "bench-archive";

    @Override
    public String name() {
        return "archive";
    }

    @Override
    public String measures() {
        return "scrape series before and after archiving a 10,000-initiative plan";
    }

    @Override
    public void measure(Rig rig, Table table) throws Exception {
        int size = rig.options.aggregatorInitiatives();
        rig.programTopic(PROGRAM);
        try (BootService publisher = rig.publisher("archive");
                BootService aggregator = rig.aggregator("archive", List.of())) {
            String admin = rig.token(publisher, "{\"role\":\"admin\",\"label\":\"bench\"}");
            step(publisher, admin, "active");
            rig.fill.catalog(PROGRAM, PLAN, 0, size);
            aggregator.awaitReady(Duration.ofMinutes(2));
            String needle = "plan=\"" + PLAN + "\"";
            await(aggregator, needle, n -> n >= size);
            String before = aggregator.metrics();
            long series = series(before);
            long others = series - seriesOf(before, PROGRAM);

            step(publisher, admin, "closed");
            Instant start = Instant.now();
            step(publisher, admin, "archived");
            Duration stamped = Duration.between(start, Instant.now());
            await(aggregator, needle, n -> n == 0);
            Duration gone = Duration.between(start, Instant.now());
            String after = aggregator.metrics();
            long left = seriesOf(after, PROGRAM);

            table.add(Row
                .of("Scrape series, archiving a " + String.format("%,d", size) + "-initiative plan",
                        series + " → " + series(after))
                .reference("others: " + others + " → " + (series(after) - left))
                .goal(Goal.atMost("the plan's series: 0 after", 0), left));
            table.add(Row.of("Archiving it: the PUT (stamps every entry) / until off the scrape",
                    stamped.toMillis() + " ms / " + gone.toMillis() + " ms"));
            table.note("The archive run's plan has " + size + " initiatives of program " + PROGRAM
                    + " with catalog entries and no events; its series are those carrying initiative=\"" + PROGRAM
                    + "-…\". The scrape leaves them out from the first evaluation pass after each entry is stamped.");
            publisher.stop();
            aggregator.stop();
        }
    }

    private static void step(BootService publisher, String admin, String state) throws Exception {
        int year = LocalDate.now().getYear();
        HttpResponse<String> r = PublisherApi.put(publisher.url() + "/api/v1/plans/" + PLAN, admin,
                "{\"name\":\"基准归档计划\",\"owner\":\"bench\",\"ownerName\":\"基准区\"," + "\"ownerKind\":\"district\","
                        + "\"periodStart\":\"" + year + "-01-01\",\"periodEnd\":\"" + year + "-12-31\",\"state\":\""
                        + state + "\"}");
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw new IllegalStateException(
                    "The plan did not become " + state + ": " + r.statusCode() + " " + r.body());
        }
    }

    private static void await(BootService aggregator, String needle, IntPredicate done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            String info = BootService.get(aggregator.management() + "/actuator/prometheus?includedNames=initiative")
                .body();
            if (done.test(Exposition.count(info, needle))) {
                return;
            }
            // A poll of the scrape, as Prometheus would make it; not a wait for our own
            // work.
            Thread.sleep(500);
        }
        throw new IllegalStateException("The scrape did not reach the expected count of " + needle);
    }

    /** Sample lines: every line that is not a comment. */
    static long series(String exposition) {
        return exposition.lines().filter(l -> !l.isEmpty() && l.charAt(0) != '#').count();
    }

    private static long seriesOf(String exposition, String program) {
        String needle = "initiative=\"" + program + "-";
        return exposition.lines().filter(l -> !l.isEmpty() && l.charAt(0) != '#' && l.contains(needle)).count();
    }

}
