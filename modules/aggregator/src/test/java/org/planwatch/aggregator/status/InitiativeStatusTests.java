package org.planwatch.aggregator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;

class InitiativeStatusTests {

    static final Instant NOW = Instant.parse("2026-03-10T04:00:00Z");

    @Test
    void theStatusShowsTheLatestNoteAndThePunctualityABulletinWillShow() {
        Initiative initiative = Initiative.newBuilder()
            .setId("relief-campaigns")
            .setName("开展14项主题救助活动")
            .setProgram("livelihood")
            .setDepartment("civil-affairs")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setUpdatedAt(NOW)
            .setUpdatedBy("test")
            .setPlan("heping-2026")
            .build();
        InitiativeState state = InitiativeState.newBuilder()
            .setInitiative(initiative)
            .setEventsCounted(5)
            .setNote("资金已拨付")
            .setNoteAt(NOW.minusSeconds(86_400))
            .setNoteEventId("e4")
            .setReportsJudged(4)
            .setReportsOnCadence(3)
            .build();
        Verdict verdict = Verdict.of(0.4, 0.2, Health.ON_TRACK);

        InitiativeStatus status = InitiativeStatus.of(new InitiativeSnapshot(state, verdict), List.of(), NOW);

        assertThat(status.plan()).isEqualTo("heping-2026");
        assertThat(status.note()).isEqualTo("资金已拨付");
        assertThat(status.noteAt()).isEqualTo(NOW.minusSeconds(86_400));
        assertThat(status.reportsJudged()).isEqualTo(4);
        assertThat(status.reportsOnCadence()).isEqualTo(3);
    }

}
