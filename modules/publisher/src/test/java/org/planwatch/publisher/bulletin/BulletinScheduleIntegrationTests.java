package org.planwatch.publisher.bulletin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
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
 * The schedule's bulletin on a real broker: a draft by the schedule, once a day however
 * often it fires.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0", "planwatch.bulletins.schedule=-" })
class BulletinScheduleIntegrationTests {

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> LocalKafka.shared().bootstrapServers());
    }

    @Autowired
    BulletinService service;

    @Autowired
    BulletinLedger ledger;

    @Autowired
    DeskView desk;

    @Autowired
    CatalogView catalog;

    @Test
    void theScheduleMakesOneDraftADayHoweverOftenItFires() {
        // The schedule makes nothing from a half-read plan: it waits as an instance
        // starting up would.
        await().atMost(Duration.ofSeconds(30))
            .until(() -> ledger.isCaughtUp() && desk.isCaughtUp() && catalog.isCaughtUp());
        Bulletin first = service.generateScheduled();
        Bulletin again = service.generateScheduled();

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        if (first != null) {
            assertThat(first.getState()).isEqualTo(BulletinState.DRAFT);
            assertThat(first.getPeriodTo()).isEqualTo(today);
            assertThat(first.getSteps().get(0).getActor()).isEqualTo(BulletinService.SCHEDULE);
        }
        assertThat(again).as("a second firing the same day").isNull();
        assertThat(ledger.all())
            .filteredOn(s -> s.periodTo().equals(today) && s.steps().get(0).getActor().equals(BulletinService.SCHEDULE))
            .hasSize(1);
    }

}
