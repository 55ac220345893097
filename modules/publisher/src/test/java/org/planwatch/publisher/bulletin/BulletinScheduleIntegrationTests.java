package org.planwatch.publisher.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.planwatch.publisher.Http;
import org.planwatch.publisher.plan.PlanView;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.desk.DeskView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The schedule's bulletins on a real broker: a draft of each active plan by the schedule,
 * once a day however often it fires.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0", "planwatch.bulletins.schedule=-" })
class BulletinScheduleIntegrationTests {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> LocalKafka.shared().bootstrapServers());
        registry.add("planwatch.security.admin-token", () -> ADMIN);
    }

    static final String ADMIN = "schedule-admin-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @Autowired
    PlanView plans;

    @Autowired
    BulletinService service;

    @Autowired
    BulletinLedger ledger;

    @Autowired
    DeskView desk;

    @Autowired
    CatalogView catalog;

    @Test
    void theScheduleMakesOneDraftADayForEachActivePlanHoweverOftenItFires() {
        String active = "schedule-" + UUID.randomUUID().toString().substring(0, 8);
        String draft = active + "-draft";
        Http admin = new Http("http://127.0.0.1:" + port, ADMIN);
        for (String[] plan : new String[][] { { active, "active" }, { draft, "draft" } }) {
            Http.Response put = admin.put("/api/v1/plans/" + plan[0],
                    "{\"name\":\"计划\",\"owner\":\"heping\",\"ownerName\":\"和平区\",\"ownerKind\":\"district\","
                            + "\"periodStart\":\"2026-01-01\",\"periodEnd\":\"2026-12-31\",\"state\":\"" + plan[1]
                            + "\"}");
            assertThat(put.status()).as(put.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(30))
            .until(() -> plans.get(active).isPresent() && plans.get(draft).isPresent());
        // The schedule makes nothing from a half-read plan: it waits as an instance
        // starting up would.
        await().atMost(Duration.ofSeconds(30))
            .until(() -> ledger.isCaughtUp() && desk.isCaughtUp() && catalog.isCaughtUp());
        List<Bulletin> first = service.generateScheduled();
        List<Bulletin> again = service.generateScheduled();

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(first).allSatisfy(b -> {
            assertThat(b.getState()).isEqualTo(BulletinState.DRAFT);
            assertThat(b.getPeriodTo()).isEqualTo(today);
            assertThat(b.getSteps().get(0).getActor()).isEqualTo(BulletinService.SCHEDULE);
        });
        assertThat(again).as("a second firing the same day").isEmpty();
        Map<String, Long> perPlan = ledger.all()
            .stream()
            .filter(s -> s.periodTo().equals(today) && s.steps().get(0).getActor().equals(BulletinService.SCHEDULE))
            .collect(Collectors.groupingBy(s -> String.valueOf(s.plan()), Collectors.counting()));
        assertThat(perPlan).as("one scheduled bulletin a day for each active plan, none for a draft")
            .containsEntry(active, 1L)
            .doesNotContainKey(draft)
            .allSatisfy((plan, n) -> assertThat(n).as(plan).isEqualTo(1L));
        assertThat(first).extracting(Bulletin::getPlan).contains(active);
    }

}
