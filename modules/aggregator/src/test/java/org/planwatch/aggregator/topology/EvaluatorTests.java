package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.AggregatorProperties.Rules;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.ChildProgress;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressSample;
import org.planwatch.events.avro.TrajectoryPoint;

/**
 * Each rule at and just past its boundary. Plan dates are days in Asia/Shanghai (UTC+8).
 */
class EvaluatorTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final Evaluator evaluator = new Evaluator(Rules.defaults());

    /** 2026-01-01 to 2026-04-10 inclusive: exactly 100 days. */
    static Initiative initiative() {
        return Initiative.newBuilder()
            .setId("relief")
            .setName("开展14项主题救助活动")
            .setProgram("livelihood")
            .setDepartment("civil-affairs")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 4, 10))
            .setReportingCadenceDays(10)
            .setStallAfterDays(20)
            .setUpdatedAt(Instant.EPOCH)
            .setUpdatedBy("t")
            .build();
    }

    static Instant day(double days) {
        return LocalDate.of(2026, 1, 1).atStartOfDay(SHANGHAI).toInstant().plusMillis(Math.round(days * 86_400_000));
    }

    static InitiativeState withPercent(double percent) {
        return InitiativeState.newBuilder().setInitiative(initiative()).setPercentComplete(percent).build();
    }

    Verdict at(InitiativeState state, double days) {
        return evaluator.evaluate(state, day(days));
    }

    @Test
    void expectedIsLinearFromStartToTheEndOfTheDueDate() {
        assertThat(at(withPercent(0), -1).expected()).isZero();
        assertThat(at(withPercent(0), 0).expected()).isZero();
        assertThat(at(withPercent(0), 50).expected()).isEqualTo(0.5);
        assertThat(at(withPercent(0), 100).expected()).isEqualTo(1.0);
        assertThat(at(withPercent(0), 130).expected()).isEqualTo(1.0);
    }

    @Test
    void expectedFollowsTheTrajectoryWhenOneIsGiven() {
        Initiative slowStart = Initiative.newBuilder(initiative())
            .setTrajectory(List.of(new TrajectoryPoint(LocalDate.of(2026, 3, 2), 0.2)))
            .build(); // day 60
        InitiativeState state = InitiativeState.newBuilder().setInitiative(slowStart).build();
        assertThat(at(state, 30).expected()).isCloseTo(0.1, Offset.offset(1e-9));
        assertThat(at(state, 60).expected()).isCloseTo(0.2, Offset.offset(1e-9));
        assertThat(at(state, 80).expected()).isCloseTo(0.6, Offset.offset(1e-9));
    }

    @Test
    void healthBoundariesAreTenAndThirtyPercentShortfall() {
        // At day 50 the plan expects 0.5.
        assertThat(at(withPercent(45), 50).health()).as("shortfall exactly 10 %").isEqualTo(Health.ON_TRACK);
        assertThat(at(withPercent(44.9), 50).health()).as("just past 10 %").isEqualTo(Health.AT_RISK);
        assertThat(at(withPercent(35), 50).health()).as("shortfall exactly 30 %").isEqualTo(Health.AT_RISK);
        assertThat(at(withPercent(34.9), 50).health()).as("just past 30 %").isEqualTo(Health.OFF_TRACK);
        assertThat(at(withPercent(80), 50).health()).as("ahead").isEqualTo(Health.ON_TRACK);
    }

    @Test
    void completedNotStartedAndPastDue() {
        assertThat(at(withPercent(100), 50).health()).isEqualTo(Health.COMPLETED);
        assertThat(at(withPercent(0), -0.001).health()).isEqualTo(Health.NOT_STARTED);
        assertThat(at(withPercent(99.9), 99.999).health()).as("last moment of the due date").isEqualTo(Health.ON_TRACK);
        assertThat(at(withPercent(99.9), 100).health()).as("past due, not complete").isEqualTo(Health.OFF_TRACK);
        assertThat(at(withPercent(100), 130).health()).isEqualTo(Health.COMPLETED);
    }

    @Test
    void customThresholdsComeFromConfiguration() {
        Evaluator strict = new Evaluator(new Rules(SHANGHAI, 0.0, 0.05, 1.5, 8));
        assertThat(strict.evaluate(withPercent(49), day(50)).health()).isEqualTo(Health.AT_RISK);
        assertThat(strict.evaluate(withPercent(47), day(50)).health()).isEqualTo(Health.OFF_TRACK);
    }

    @Test
    void stalledWhenProgressHasNotRisenForStallAfterDays() {
        InitiativeState state = InitiativeState.newBuilder(withPercent(30)).setLastProgressAt(day(10)).build();
        assertThat(at(state, 29.999).stalled()).isFalse();
        assertThat(at(state, 30).stalled()).isTrue();
        InitiativeState never = InitiativeState.newBuilder().setInitiative(initiative()).build();
        assertThat(at(never, 19.999).stalled()).as("the stall clock starts at the start date").isFalse();
        assertThat(at(never, 20).stalled()).isTrue();
        assertThat(at(withPercent(100), 90).stalled()).as("completed is never stalled").isFalse();
    }

    @Test
    void silentWhenTheLatestReportIsOlderThanOneAndAHalfCadences() {
        InitiativeState state = InitiativeState.newBuilder(withPercent(30))
            .setLastReportAt(day(10))
            .setLastReceivedAt(day(24))
            .build();
        assertThat(at(state, 24.999).silent()).as("a backdated report arriving is not news").isFalse();
        assertThat(at(state, 25).silent()).isTrue();
        InitiativeState never = InitiativeState.newBuilder().setInitiative(initiative()).build();
        assertThat(at(never, -5).silent()).as("not started").isFalse();
        assertThat(at(never, 14.999).silent()).isFalse();
        assertThat(at(never, 15).silent()).as("never reported, once started").isTrue();
    }

    @Test
    void forecastIsTheLeastSquaresLineReachingOne() {
        InitiativeState state = InitiativeState.newBuilder(withPercent(40))
            .setSamples(List.of(new ProgressSample(day(10), 0.1), new ProgressSample(day(20), 0.2),
                    new ProgressSample(day(40), 0.4)))
            .build();
        Verdict verdict = at(state, 40);
        assertThat(verdict.forecastCompletion()).isCloseTo(day(100), Assertions.within(1, ChronoUnit.SECONDS));
        assertThat(verdict.forecastLate()).as("reaches 1 exactly at the end of the due date").isFalse();

        InitiativeState slower = InitiativeState.newBuilder(state)
            .setSamples(List.of(new ProgressSample(day(10), 0.1), new ProgressSample(day(40), 0.39)))
            .build();
        assertThat(at(slower, 40).forecastLate()).isTrue();
    }

    @Test
    void forecastIsAbsentWhenItCannotBeKnown() {
        assertThat(at(InitiativeState.newBuilder(withPercent(10))
            .setSamples(List.of(new ProgressSample(day(5), 0.1)))
            .build(), 10).forecastCompletion()).as("one sample").isNull();
        assertThat(at(InitiativeState.newBuilder(withPercent(10))
            .setSamples(List.of(new ProgressSample(day(5), 0.1), new ProgressSample(day(9), 0.1)))
            .build(), 10).forecastCompletion()).as("flat").isNull();
        assertThat(at(withPercent(100), 10).forecastCompletion()).as("completed").isNull();
    }

    @Test
    void divergenceWhenDeclaredOnTrackButComputedOffTrack() {
        InitiativeState declared = InitiativeState.newBuilder(withPercent(20))
            .setDeclaredHealth(DeclaredHealth.ON_TRACK)
            .build();
        assertThat(at(declared, 50).divergent()).isTrue();
        assertThat(at(InitiativeState.newBuilder(declared).setPercentComplete(35.0).build(), 50).divergent())
            .as("at risk is not off track")
            .isFalse();
        assertThat(at(InitiativeState.newBuilder(declared).setDeclaredHealth(DeclaredHealth.AT_RISK).build(), 50)
            .divergent()).isFalse();
    }

    @Test
    void parentProgressIsTheWeightedMeanOfItsChildren() {
        InitiativeState parent = InitiativeState.newBuilder(withPercent(0))
            .setChildren(Map.of("a", new ChildProgress(1.0, 1.0), "b", new ChildProgress(3.0, 0.2)))
            .build();
        assertThat(at(parent, 50).progress()).isCloseTo(0.4, Offset.offset(1e-12));
    }

    @Test
    void varianceIsProgressLessExpected() {
        assertThat(at(withPercent(30), 50).variance()).isCloseTo(-0.2, Offset.offset(1e-12));
    }

}
