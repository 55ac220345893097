package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.DeclaredHealth;
import tools.jackson.databind.JsonNode;

/**
 * {@link ProgressClient} against the real pipeline (broker, publisher, aggregator): what
 * it sends is counted, and counted once however the network treats it.
 */
class ProgressClientIntegrationTests {

    static Pipeline pipeline;
    static String commerce;
    static final RetryPolicy QUICK = RetryPolicy.DEFAULT.withDelays(Duration.ofMillis(50), Duration.ofMillis(500));

    @BeforeAll
    static void start() throws Exception {
        pipeline = Pipeline.shared();
        commerce = pipeline.departmentToken("commerce");
    }

    static String newInitiative(String department) throws Exception {
        String id = "client-http-" + UUID.randomUUID().toString().substring(0, 8);
        pipeline.putInitiative(id, Pipeline.initiative("economy", department));
        return id;
    }

    /** Waits until the aggregator shows exactly these counts for the initiative. */
    static JsonNode awaitCounts(String id, int counted, int duplicates) {
        return await().atMost(Duration.ofSeconds(60))
            .until(() -> pipeline.status(commerce, id),
                    status -> status != null && status.path("eventsCounted").asInt() == counted
                            && status.path("duplicatesIgnored").asInt() == duplicates);
    }

    @Test
    void reportSentThroughTheClientIsCounted() throws Exception {
        String id = newInitiative("commerce");
        Report report = Report.builder(id)
            .businessKey("2026-06 monthly")
            .occurredAt(OffsetDateTime.parse("2026-06-30T17:00:00+08:00"))
            .kpi("villas", 36)
            .declaredHealth(DeclaredHealth.ON_TRACK)
            .note("六月报送")
            .reportedBy("商务局 招商系统")
            .build();
        try (ProgressClient client = ProgressClient.builder(pipeline.publisherUri(), commerce).build()) {
            assertThat(client.send(report)).isEqualTo(report.eventId())
                .isEqualTo(Report.eventIdFor(id, "2026-06 monthly"));
        }
        JsonNode status = awaitCounts(id, 1, 0);
        assertThat(status.path("progress").asDouble()).isEqualTo(36.0 / 90.0);
    }

    /**
     * The publisher accepts the first attempt (Kafka acknowledges it) but its answer is
     * lost on the way back: the client sees the connection drop, retries with the same
     * eventId, and the aggregator counts the report once (the second copy is a duplicate
     * it ignores).
     */
    @Test
    void retryAfterALostAnswerIsCountedOnce() throws Exception {
        String id = newInitiative("commerce");
        Report report = Report.builder(id).percentComplete(40).reportedBy("商务局 招商系统").build();
        try (LosingProxy proxy = new LosingProxy(pipeline.publisherPort());
                ProgressClient client = ProgressClient.builder(proxy.uri(), commerce).retryPolicy(QUICK).build()) {
            proxy.loseNextAnswer();

            assertThat(client.send(report)).isEqualTo(report.eventId());

            assertThat(proxy.answersLost()).isEqualTo(1);
            assertThat(proxy.requests()).containsExactly("POST /api/v1/initiatives/" + id + "/events",
                    "POST /api/v1/initiatives/" + id + "/events");
            assertThat(proxy.eventIds()).containsExactly(report.eventId(), report.eventId());
        }
        JsonNode status = awaitCounts(id, 1, 1);
        assertThat(status.path("percentComplete").asDouble()).isEqualTo(40.0);
    }

    @Test
    void lostAnswerToABatchIsCountedOnce() throws Exception {
        String id = newInitiative("commerce");
        List<Report> reports = List.of(
                Report.builder(id)
                    .businessKey("row-1")
                    .occurredAt(OffsetDateTime.parse("2026-03-31T17:00:00+08:00"))
                    .kpi("villas", 12)
                    .reportedBy("商务局")
                    .build(),
                Report.builder(id)
                    .businessKey("row-2")
                    .occurredAt(OffsetDateTime.parse("2026-06-30T17:00:00+08:00"))
                    .kpi("villas", 36)
                    .milestone("m1")
                    .reportedBy("商务局")
                    .build());
        try (LosingProxy proxy = new LosingProxy(pipeline.publisherPort());
                ProgressClient client = ProgressClient.builder(proxy.uri(), commerce).retryPolicy(QUICK).build()) {
            proxy.loseNextAnswer();

            BatchResult result = client.sendAll(reports);

            assertThat(result.allAccepted()).as(result.toString()).isTrue();
            assertThat(proxy.requests()).containsExactly("POST /api/v1/events", "POST /api/v1/events");
        }
        awaitCounts(id, 2, 2);
    }

    @Test
    void invalidReportIsRejectedWithItsFieldAndNotRetried() throws Exception {
        String id = newInitiative("commerce");
        Report report = Report.builder(id).kpi("no-such-kpi", 1).reportedBy("商务局").build();
        try (LosingProxy proxy = new LosingProxy(pipeline.publisherPort());
                ProgressClient client = ProgressClient.builder(proxy.uri(), commerce).retryPolicy(QUICK).build()) {
            assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportRejectedException.class, e -> {
                assertThat(e.eventId()).isEqualTo(report.eventId());
                assertThat(e.problem().status()).isEqualTo(400);
                assertThat(e.problem().title()).isEqualTo("Invalid input");
                assertThat(e.problem().field()).isEqualTo("kpis.no-such-kpi");
                assertThat(e.problem().detail()).contains("not a KPI of this initiative");
                assertThat(e.problem().json()).contains("\"errors\"");
            });
            assertThat(proxy.requests()).hasSize(1);
        }
    }

    @Test
    void anotherDepartmentsInitiativeIsForbiddenAndNotRetried() throws Exception {
        String id = newInitiative("civil-affairs");
        Report report = Report.builder(id).percentComplete(10).reportedBy("商务局").build();
        try (LosingProxy proxy = new LosingProxy(pipeline.publisherPort());
                ProgressClient client = ProgressClient.builder(proxy.uri(), commerce).retryPolicy(QUICK).build()) {
            assertThatThrownBy(() -> client.send(report)).isInstanceOfSatisfying(ReportRejectedException.class, e -> {
                assertThat(e.problem().status()).isEqualTo(403);
                assertThat(e.problem().type()).isEqualTo("/problems/forbidden");
                assertThat(e.problem().detail()).contains(id);
            });
            assertThat(proxy.requests()).hasSize(1);
        }
    }

    @Test
    void batchSaysWhatBecameOfEachReportAndResendingItCountsNothingTwice() throws Exception {
        String id = newInitiative("commerce");
        String notOurs = newInitiative("civil-affairs");
        List<Report> reports = List.of(
                Report.builder(id).businessKey("a").percentComplete(20).reportedBy("商务局").build(),
                Report.builder(id).businessKey("b").percentComplete(150).reportedBy("商务局").build(),
                Report.builder(notOurs).businessKey("c").percentComplete(20).reportedBy("商务局").build(),
                Report.builder(id).businessKey("d").note("进展顺利").reportedBy("商务局").build());
        try (ProgressClient client = ProgressClient.builder(pipeline.publisherUri(), commerce).build()) {
            BatchResult first = client.sendAll(reports);
            assertThat(first.items()).extracting(BatchResult.Item::outcome)
                .containsExactly(BatchResult.Outcome.ACCEPTED, BatchResult.Outcome.REJECTED,
                        BatchResult.Outcome.REJECTED, BatchResult.Outcome.ACCEPTED);
            assertThat(first.items().get(1).problem().field()).isEqualTo("percentComplete");
            assertThat(first.items().get(2).status()).isEqualTo(403);

            BatchResult again = client.sendAll(reports);
            assertThat(again.accepted()).hasSize(2);
        }
        awaitCounts(id, 2, 2);
    }

}
