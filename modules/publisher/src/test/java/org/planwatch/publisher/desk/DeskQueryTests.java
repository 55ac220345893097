package org.planwatch.publisher.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.StatusHealth;

class DeskQueryTests {

    static final Instant T = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void attentionHasOneRowPerInitiativeWorstConditionFirstThenLongestHeld() {
        List<InitiativeStatus> all = List.of(status("quiet", "commerce", StatusHealth.ON_TRACK, 0.5, 0.5),
                status("silent-long", "commerce", StatusHealth.ON_TRACK, 0.5, 0.5,
                        new ConditionSince(StatusCondition.SILENT, T.minusSeconds(900))),
                status("silent-short", "commerce", StatusHealth.ON_TRACK, 0.5, 0.5,
                        new ConditionSince(StatusCondition.SILENT, T.minusSeconds(100))),
                status("stalled-and-silent", "education", StatusHealth.ON_TRACK, 0.5, 0.5,
                        new ConditionSince(StatusCondition.STALLED, T),
                        new ConditionSince(StatusCondition.SILENT, T.minusSeconds(5000))),
                status("overdue", "education", StatusHealth.OFF_TRACK, 0.2, 1.0,
                        new ConditionSince(StatusCondition.OVERDUE, T),
                        new ConditionSince(StatusCondition.OFF_TRACK, T)));

        assertThat(DeskQuery.attention(all)).extracting(InitiativeStatus::getInitiativeId)
            .containsExactly("overdue", "stalled-and-silent", "silent-long", "silent-short");
    }

    @Test
    void theOverviewFiltersSortsFurthestBehindFirstAndPages() {
        List<InitiativeStatus> all = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            all.add(status("i-" + i, i % 2 == 0 ? "commerce" : "education", StatusHealth.AT_RISK, i / 200.0, 0.8));
        }
        DeskQuery.Filter commerce = new DeskQuery.Filter(null, "commerce", null, false, false, false, false, null);

        DeskQuery.Page<InitiativeStatus> first = DeskQuery.overview(all, commerce, DeskQuery.Sort.VARIANCE, 0, 50);
        assertThat(first.total()).isEqualTo(60);
        assertThat(first.pages()).isEqualTo(2);
        assertThat(first.items()).hasSize(50).first().extracting(InitiativeStatus::getInitiativeId).isEqualTo("i-0");
        DeskQuery.Page<InitiativeStatus> past = DeskQuery.overview(all, commerce, DeskQuery.Sort.VARIANCE, 9, 50);
        assertThat(past.page()).as("a page past the end is the last").isEqualTo(1);
        assertThat(past.items()).hasSize(10).last().extracting(InitiativeStatus::getInitiativeId).isEqualTo("i-118");

        DeskQuery.Filter text = new DeskQuery.Filter(null, null, DeskQuery.Light.YELLOW, false, false, false, false,
                "i-11");
        assertThat(DeskQuery.overview(all, text, DeskQuery.Sort.NAME, 0, 20).items())
            .extracting(InitiativeStatus::getInitiativeId)
            .containsExactly("i-11", "i-110", "i-111", "i-112", "i-113", "i-114", "i-115", "i-116", "i-117", "i-118",
                    "i-119");
        DeskQuery.Filter red = new DeskQuery.Filter(null, null, DeskQuery.Light.RED, false, false, false, false, null);
        assertThat(DeskQuery.overview(all, red, DeskQuery.Sort.NAME, 0, 20).total()).isZero();
    }

    @Test
    void departmentsCountLightsAndTheMeanShortfallWithThoseAheadAsZero() {
        List<InitiativeStatus> all = List.of(status("a", "commerce", StatusHealth.OFF_TRACK, 0.2, 0.6),
                status("b", "commerce", StatusHealth.ON_TRACK, 0.9, 0.6));
        DeskQuery.DepartmentLine line = DeskQuery.departments(all).get(0);
        assertThat(line.total()).isEqualTo(2);
        assertThat(line.byLight().get(DeskQuery.Light.RED)).isEqualTo(1);
        assertThat(line.byLight().get(DeskQuery.Light.GREEN)).isEqualTo(1);
        assertThat(line.meanShortfall()).isCloseTo(20.0, Offset.offset(1e-9));
    }

    static InitiativeStatus status(String id, String department, StatusHealth health, double progress, double expected,
            ConditionSince... conditions) {
        return InitiativeStatus.newBuilder()
            .setInitiativeId(id)
            .setName(id)
            .setProgram("economy")
            .setDepartment(department)
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setProgress(progress)
            .setExpected(expected)
            .setVariance(progress - expected)
            .setHealth(health)
            .setDivergent(false)
            .setStalled(false)
            .setSilent(false)
            .setOverdue(false)
            .setForecastLate(false)
            .setEventsCounted(0)
            .setConditions(List.of(conditions))
            .setJudgedAt(T)
            .setChangedAt(T)
            .build();
    }

}
