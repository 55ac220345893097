package org.planwatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.assertj.core.api.Assertions;
import org.awaitility.core.ConditionTimeoutException;
import org.planwatch.process.BootService;
import tools.jackson.databind.json.JsonMapper;

/** Catalog, tokens and the wait for the verifier, shared by the scenarios. */
final class Harness {

    static final String ADMIN = "faults-admin-" + UUID.randomUUID();
    static final String PROGRAM = "faults";
    static final String DEPARTMENT = "faults";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Harness() {
    }

    /**
     * {@code count} initiatives of the harness's department, measured in percent; returns
     * their ids.
     */
    static List<String> initiatives(BootService publisher, String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            HttpResponse<String> response = send(publisher.url() + "/api/v1/initiatives/" + id, ADMIN, "PUT", """
                    {"name":"故障演练事项 %d","program":"%s","department":"%s","startDate":"2026-01-01",
                     "dueDate":"2026-12-31","measure":"percent"}""".formatted(i, PROGRAM, DEPARTMENT));
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            ids.add(id);
        }
        return ids;
    }

    static String token(BootService publisher, String role) throws Exception {
        String body = role.equals("department")
                ? "{\"role\":\"department\",\"department\":\"" + DEPARTMENT + "\",\"label\":\"fault harness\"}"
                : "{\"role\":\"" + role + "\",\"label\":\"fault harness\"}";
        HttpResponse<String> response = send(publisher.url() + "/api/v1/tokens", ADMIN, "POST", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asString();
    }

    /**
     * Waits until the aggregator shows exactly the acknowledged set; returns the last
     * outcome either way.
     */
    static Verifier.Outcome settle(Load load, List<BootService> aggregators, String token, Duration timeout) {
        AtomicReference<Verifier.Outcome> last = new AtomicReference<>();
        try {
            await("the aggregator to show every acknowledged event").atMost(timeout)
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> {
                    last.set(Verifier.check(load, aggregators, token));
                    return last.get().exact();
                });
        }
        catch (ConditionTimeoutException e) {
            // Reported with the figures below.
        }
        return last.get();
    }

    static void awaitAcked(Load load, int atLeast) {
        await("load to reach " + atLeast + " acknowledged").atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> load.ackedCount() >= atLeast);
    }

    static HttpResponse<String> send(String url, String token, String method, String body)
            throws IOException, InterruptedException {
        return BootService.HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    static Path dir(String name) throws IOException {
        return Files.createDirectories(Path.of("target", "faults", name).toAbsolutePath());
    }

    /**
     * A scenario's own initiatives and a load of {@code events} events over them,
     * started.
     */
    static Load load(BootService publisher, String department, String scenario, int initiatives, int events,
            double perSecond, boolean shuffle, boolean twice) throws Exception {
        List<String> ids = initiatives(publisher, scenario, initiatives);
        return new Load(ids, events, publisher::url, department, 200, perSecond, shuffle, twice, scenario).start();
    }

    /**
     * Settles, records the row, and fails unless the aggregator shows exactly the
     * acknowledged set.
     */
    static Verifier.Outcome verify(String scenario, Load load, List<BootService> aggregators, String token,
            Duration recovery, String notes) {
        Verifier.Outcome outcome = settle(load, aggregators, token, Duration.ofMinutes(3));
        Report.add(scenario, outcome, recovery, notes);
        Assertions.assertThat(load.rejections()).as("no event refused").isEmpty();
        Assertions.assertThat(outcome.exact()).as(scenario + ": " + outcome).isTrue();
        return outcome;
    }

    /**
     * The last record of each of the load's initiatives on {@code initiative-status}
     * (what the desk shows) agrees with the status API, within a few commit intervals of
     * the load's end.
     */
    static void assertStatusTopicAgrees(Brokers kafka, Load load, List<BootService> aggregators, String token) {
        Set<String> ids = load.initiatives();
        AtomicReference<List<String>> wrong = new AtomicReference<>(List.of());
        try {
            await("initiative-status to agree with the status API").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> {
                    wrong.set(StatusTopic.disagreements(kafka, ids, Verifier.statuses(load, aggregators, token)));
                    return wrong.get().isEmpty();
                });
        }
        catch (ConditionTimeoutException e) {
            Assertions.fail("initiative-status disagrees with the status API: " + wrong.get());
        }
    }

    /**
     * No record of an aborted transaction reaches a reader of {@code initiative-status}:
     * each initiative's committed records never count fewer events than the one before
     * (as the retake of a rolled-back transaction would), whatever read_uncommitted shows
     * beside them.
     * @return what the audit read, for the scenario's notes
     */
    static StatusTopic.Audit assertNoAbortedStatusIsRead(Brokers kafka, Load load) {
        Set<String> ids = load.initiatives();
        StatusTopic.Audit audit = StatusTopic.audit(kafka, ids);
        assertThat(audit.committed()).as("the scenario's initiatives' status records").isPositive();
        assertThat(audit.goingBack()).as("committed status records counting fewer events than the one before")
            .isEmpty();
        System.out.printf("initiative-status of the scenario: %d records committed, %d more read_uncommitted%n",
                audit.committed(), audit.uncommitted() - audit.committed());
        return audit;
    }

    /**
     * Watches what {@code aggregators} show of the load's initiatives (the metrics of
     * all, the status API of five) until closed.
     */
    static ViewWatch watch(Load load, List<BootService> aggregators, String token) {
        Set<String> ids = load.initiatives();
        return ViewWatch.start(aggregators, ids, ids.stream().sorted().limit(5).toList(), token);
    }

    /**
     * What the status API and the metrics showed before the fault that began
     * {@code stretch} was committed: no initiative was shown after it with fewer events
     * counted than before it (ADR 0017), as a count rolled back with its aborted
     * transaction would be.
     */
    static void assertNothingRolledBackWasShown(ViewWatch watch, int stretch) {
        assertThat(watch.count(stretch - 1)).as("answers before the fault").isPositive();
        assertThat(watch.count(stretch)).as("answers after the fault").isPositive();
        assertThat(watch.wentBack(stretch)).as("initiatives shown with fewer events counted after the fault").isEmpty();
        System.out.printf("the status API and the metrics: %d answers before the fault, %d after%n",
                watch.count(stretch - 1), watch.count(stretch));
    }

    /**
     * Every events count the status API and the metrics showed of the load's initiatives
     * was committed: the initiatives' state changelog (read_committed) holds a state with
     * that count (ADR 0017). What the fold counted but had not committed yet, or counted
     * in a transaction that was then aborted, is never among them.
     */
    static void assertOnlyCommittedCountsWereShown(ViewWatch watch, Brokers kafka, String applicationId, Load load) {
        Set<String> ids = load.initiatives();
        Map<String, Set<Long>> committed = StatusTopic.committedCounts(kafka, applicationId, ids);
        assertThat(committed).as("the initiatives' committed states").isNotEmpty();
        assertThat(watch.notCommitted(committed)).as("counts shown that no commit wrote").isEmpty();
        System.out.printf("the status API and the metrics: %d answers, every count among the %d committed%n",
                watch.size(), committed.values().stream().mapToInt(Set::size).sum());
    }

    /**
     * Closes each (null ones skipped), going on past failures: a test's end must stop
     * every process.
     */
    static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            }
            catch (Exception e) {
                System.err.println("Could not close " + resource + ": " + e);
            }
        }
    }

}
