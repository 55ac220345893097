package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
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
