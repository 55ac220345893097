package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.kafkalocal.LocalKafka;

/**
 * Plans through the admin API: created, read by every role, their state moved forward
 * only with the time of each step kept, and on the compacted {@code plans} topic as Avro.
 */
class PlanIntegrationTests extends AccessTestBase {

    static String plan(String state, String extra) {
        return "{\"name\":\"和平区2019年重点工作\",\"owner\":\"heping\",\"ownerName\":\"和平区\",\"ownerKind\":\"district\","
                + "\"periodStart\":\"2019-01-01\",\"periodEnd\":\"2019-12-31\",\"state\":\"" + state + "\"" + extra
                + "}";
    }

    @Test
    void aPlanMovesForwardOnlyAndKeepsTheTimeOfEachStep() {
        String id = PublisherContract.uniqueId("plan");
        Http.Response created = admin.put("/api/v1/plans/" + id, plan("draft", ""));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("zone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(created.json().has("activatedAt")).isFalse();

        Http.Response active = admin.put("/api/v1/plans/" + id, plan("active", ""));
        assertThat(active.status()).as(active.body()).isEqualTo(200);
        String activatedAt = active.json().get("activatedAt").asString();

        Http.Response back = admin.put("/api/v1/plans/" + id, plan("draft", ""));
        assertThat(back.status()).as(back.body()).isEqualTo(409);
        assertThat(back.contentType()).startsWith("application/problem+json");
        assertThat(back.json().get("state").asString()).isEqualTo("active");

        Http.Response closed = admin.put("/api/v1/plans/" + id, plan("closed", ""));
        assertThat(closed.json().get("activatedAt").asString()).as("kept").isEqualTo(activatedAt);
        assertThat(closed.json().has("closedAt")).isTrue();
        assertThat(admin.put("/api/v1/plans/" + id, plan("archived", "")).status()).isEqualTo(200);
        Http.Response renamed = admin.put("/api/v1/plans/" + id, plan("archived", ",\"zone\":\"Asia/Urumqi\""));
        assertThat(renamed.status()).as("an archived plan no longer changes").isEqualTo(409);
        assertThat(admin.get("/api/v1/plans/" + id).json().get("zone").asString()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void everyRoleReadsPlansAndOnlyAdminsWriteThem() {
        String id = PublisherContract.uniqueId("plan");
        assertThat(admin.put("/api/v1/plans/" + id, plan("active", "")).status()).isEqualTo(201);
        Http department = TestAccess.department(admin, "commerce");
        Http supervisor = TestAccess.supervisor(admin);
        for (Http caller : new Http[] { department, supervisor, admin }) {
            assertThat(caller.get("/api/v1/plans/" + id).json().get("ownerName").asString()).isEqualTo("和平区");
            assertThat(caller.get("/api/v1/plans").json().findValuesAsString("id")).contains(id);
        }
        assertForbidden(department.put("/api/v1/plans/" + id, plan("closed", "")));
        assertForbidden(supervisor.put("/api/v1/plans/" + id, plan("closed", "")));
        assertThat(admin.get("/api/v1/plans/no-such-plan").status()).isEqualTo(404);
    }

    @Test
    void badPlansAreRefusedFieldByField() {
        String id = PublisherContract.uniqueId("plan");
        Http.Response refused = admin.put("/api/v1/plans/" + id,
                "{\"name\":\"\",\"owner\":\"Heping District\",\"ownerName\":\"和平区\",\"ownerKind\":\"county\","
                        + "\"periodStart\":\"2019-12-31\",\"periodEnd\":\"2019-01-01\",\"zone\":\"Mars/Base\","
                        + "\"state\":\"finished\",\"previousPlan\":\"" + id
                        + "\",\"closedAt\":\"2019-01-01T00:00:00Z\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().findValuesAsString("field")).contains("name", "owner", "ownerKind", "periodEnd",
                "zone", "state", "previousPlan", "closedAt");
        Http.Response unknownPrevious = admin.put("/api/v1/plans/" + id,
                plan("draft", ",\"previousPlan\":\"no-such-plan\""));
        assertThat(unknownPrevious.status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/plans/" + id).status()).as("nothing written").isEqualTo(404);
    }

    @Test
    void anInitiativeBelongsToOneKnownOpenPlanAndAnOldEntryMayBeGivenOne() {
        String open = PublisherContract.uniqueId("plan");
        String other = PublisherContract.uniqueId("plan");
        String closed = PublisherContract.uniqueId("plan");
        assertThat(admin.put("/api/v1/plans/" + open, plan("active", "")).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/plans/" + other, plan("draft", "")).status()).isEqualTo(201);
        assertThat(admin.put("/api/v1/plans/" + closed, plan("closed", "")).status()).isEqualTo(201);
        String id = PublisherContract.uniqueId("planned");
        String entry = PublisherContract.initiativeJson("economy", "commerce");

        for (String refused : List.of("no-such-plan", closed)) {
            Http.Response response = admin.put("/api/v1/initiatives/" + id, inPlan(entry, refused));
            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().findValuesAsString("field")).containsOnly("plan");
        }
        // Written before plans existed, then migrated into one: the same key, so the same
        // partition and the same state.
        assertThat(admin.put("/api/v1/initiatives/" + id, entry).status()).isEqualTo(201);
        assertThat(admin.get("/api/v1/initiatives/" + id).json().has("plan")).isFalse();
        Http.Response migrated = admin.put("/api/v1/initiatives/" + id, inPlan(entry, open));
        assertThat(migrated.status()).as(migrated.body()).isEqualTo(200);
        assertThat(migrated.json().get("plan").asString()).isEqualTo(open);
        Http.Response moved = admin.put("/api/v1/initiatives/" + id, inPlan(entry, other));
        assertThat(moved.status()).as("an initiative keeps its plan").isEqualTo(400);
        assertThat(moved.json().findValuesAsString("field")).containsOnly("plan");
        assertThat(admin.put("/api/v1/initiatives/" + id, entry).status()).as("nor drops it").isEqualTo(400);
    }

    static String inPlan(String entry, String plan) {
        return entry.replaceFirst("\\{", "{\"plan\":\"" + plan + "\",");
    }

    static String percentEntry(String plan) {
        return "{\"name\":\"推进碧水三年作战计划\",\"program\":\"economy\",\"department\":\"commerce\","
                + "\"startDate\":\"2026-01-01\",\"dueDate\":\"2026-12-31\",\"plan\":\"" + plan + "\"}";
    }

    @Test
    void closingAPlanStampsItsInitiativesWhichThenTakeNoReports() {
        String id = PublisherContract.uniqueId("plan");
        assertThat(admin.put("/api/v1/plans/" + id, plan("active", "")).status()).isEqualTo(201);
        String water = PublisherContract.uniqueId("water");
        assertThat(admin.put("/api/v1/initiatives/" + water, percentEntry(id)).status()).isEqualTo(201);
        Http commerce = TestAccess.department(admin, "commerce");
        String report = "{\"percentComplete\":40,\"reportedBy\":\"李老师\"}";
        assertThat(commerce.post("/api/v1/initiatives/" + water + "/events", report).status()).isEqualTo(202);

        Http.Response closed = admin.put("/api/v1/plans/" + id, plan("closed", ""));
        String closedAt = closed.json().get("closedAt").asString();
        assertThat(admin.get("/api/v1/initiatives/" + water).json().get("closedAt").asString()).isEqualTo(closedAt);

        Http.Response late = commerce.post("/api/v1/initiatives/" + water + "/events", report);
        assertThat(late.status()).as(late.body()).isEqualTo(409);
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(late.json().get("type").asString()).isEqualTo("/problems/plan-closed");
        assertThat(admin.put("/api/v1/initiatives/" + water, percentEntry(id)).status()).as("nor is it edited")
            .isEqualTo(400);

        Http.Response archived = admin.put("/api/v1/plans/" + id, plan("archived", ""));
        assertThat(admin.get("/api/v1/initiatives/" + water).json().get("archivedAt").asString())
            .isEqualTo(archived.json().get("archivedAt").asString());
        assertThat(admin.get("/api/v1/initiatives/" + water).json().get("closedAt").asString()).isEqualTo(closedAt);
    }

    @Test
    void aClosedPlansUnfinishedInitiativesAreCarriedOverWithLineageAndBaseline() throws Exception {
        String from = PublisherContract.uniqueId("plan");
        String into = PublisherContract.uniqueId("plan");
        assertThat(admin.put("/api/v1/plans/" + from, plan("active", "")).status()).isEqualTo(201);
        assertThat(admin
            .put("/api/v1/plans/" + into,
                    plan("draft", "").replace("2019-01-01", "2020-01-01").replace("2019-12-31", "2020-12-31"))
            .status()).isEqualTo(201);
        String unfinished = PublisherContract.uniqueId("water");
        String done = PublisherContract.uniqueId("air");
        for (String id : List.of(unfinished, done)) {
            assertThat(admin.put("/api/v1/initiatives/" + id, percentEntry(from)).status()).isEqualTo(201);
        }
        // The aggregator's final statuses, as the desk reads them.
        try (KafkaProducer<String, InitiativeStatus> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", LocalKafka.shared().bootstrapServers()), new StringSerializer(),
                Topics.INITIATIVE_STATUS.valueSerde().serializer())) {
            producer
                .send(new ProducerRecord<>(Topics.INITIATIVE_STATUS.name(), unfinished,
                        status(unfinished, StatusHealth.OFF_TRACK, 0.6)))
                .get();
            producer
                .send(new ProducerRecord<>(Topics.INITIATIVE_STATUS.name(), done,
                        status(done, StatusHealth.COMPLETED, 1.0)))
                .get();
        }
        String request = "{\"into\":\"" + into + "\"}";
        Http.Response early = admin.post("/api/v1/plans/" + from + "/carry-over", request);
        assertThat(early.status()).as("only a closed plan's").isEqualTo(409);
        assertThat(admin.put("/api/v1/plans/" + from, plan("closed", "")).status()).isEqualTo(200);
        assertForbidden(TestAccess.supervisor(admin).post("/api/v1/plans/" + from + "/carry-over", request));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Http.Response carried = admin.post("/api/v1/plans/" + from + "/carry-over", request);
            assertThat(carried.status()).as(carried.body()).isEqualTo(200);
            assertThat(carried.json().findValuesAsString("from")).containsExactly(unfinished);
        });
        Http.Response again = admin.post("/api/v1/plans/" + from + "/carry-over", request);
        assertThat(again.json().get(0).get("created").asBoolean()).as("a retry makes nothing new").isFalse();
        String next = again.json().get(0).get("to").asString();
        assertThat(next).isEqualTo(unfinished + "-2020");

        var entry = admin.get("/api/v1/initiatives/" + next).json();
        assertThat(entry.get("plan").asString()).isEqualTo(into);
        assertThat(entry.get("carriedFrom").asString()).isEqualTo(unfinished);
        assertThat(entry.get("baseline").asDouble()).isEqualTo(0.6);
        assertThat(entry.get("startDate").asString()).isEqualTo("2020-01-01");
        assertThat(entry.get("dueDate").asString()).isEqualTo("2020-12-31");
        assertThat(admin.get("/api/v1/initiatives/" + unfinished).json().get("closedAt")).as("the old one stays")
            .isNotNull();
        Http.Response unlinked = admin.put("/api/v1/initiatives/" + next,
                percentEntry(into).replace("2026-01-01", "2020-01-01").replace("2026-12-31", "2020-12-31"));
        assertThat(unlinked.status()).as("the link stays").isEqualTo(400);
        assertThat(unlinked.json().findValuesAsString("field")).containsOnly("carriedFrom");
    }

    static InitiativeStatus status(String id, StatusHealth health, double progress) {
        Instant at = Instant.now();
        return InitiativeStatus.newBuilder()
            .setInitiativeId(id)
            .setName(id)
            .setProgram("economy")
            .setDepartment("commerce")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setProgress(progress)
            .setExpected(0.9)
            .setVariance(progress - 0.9)
            .setHealth(health)
            .setDivergent(false)
            .setStalled(false)
            .setSilent(false)
            .setOverdue(false)
            .setForecastLate(false)
            .setEventsCounted(1)
            .setJudgedAt(at)
            .setChangedAt(at)
            .setClosedAt(at)
            .build();
    }

    @Test
    void aPlanIsOnTheCompactedTopicAsAvro() {
        String id = PublisherContract.uniqueId("plan");
        assertThat(admin.put("/api/v1/plans/" + id, plan("active", ",\"sample\":true")).status()).isEqualTo(201);
        try (KafkaConsumer<String, Plan> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", LocalKafka.shared().bootstrapServers()), new StringDeserializer(),
                Topics.PLANS.valueSerde().deserializer())) {
            TopicPartition partition = new TopicPartition(Topics.PLANS.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Plan found = null;
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, Plan> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.key().equals(id)) {
                        found = record.value();
                    }
                }
            }
            assertThat(found).isNotNull();
            assertThat(found.getState()).isEqualTo(PlanState.ACTIVE);
            assertThat(found.getSample()).isTrue();
            assertThat(found.getActivatedAt()).isNotNull();
            assertThat(found.getUpdatedBy()).startsWith("token:");
        }
    }

}
