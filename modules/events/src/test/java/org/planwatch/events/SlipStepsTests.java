package org.planwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.SupervisionEvent;
import org.planwatch.events.avro.SupervisionKind;

/** The slip's rule book: every state against every kind of step. */
class SlipStepsTests {

    static final Instant T = Instant.parse("2026-02-10T01:00:00Z");

    @ParameterizedTest(name = "{0} then {1}: {2}")
    @CsvSource({ "ISSUED,    SIGNED,    legal", "ISSUED,    ANSWERED,  slip s1 is issued: it cannot be answered now",
            "ISSUED,    RETURNED,  slip s1 is issued: it cannot be returned now",
            "ISSUED,    CLOSED,    slip s1 is issued: it cannot be closed now", "ISSUED,    ESCALATED, legal",
            "ISSUED,    WITHDRAWN, legal", "ISSUED,    ISSUED,    slip s1 was issued already",
            "SIGNED,    SIGNED,    slip s1 is signed: it cannot be signed now", "SIGNED,    ANSWERED,  legal",
            "SIGNED,    CLOSED,    slip s1 is signed: it cannot be closed now", "SIGNED,    ESCALATED, legal",
            "ANSWERED,  SIGNED,    slip s1 is answered: it cannot be signed now",
            "ANSWERED,  ANSWERED,  slip s1 is answered: it cannot be answered now", "ANSWERED,  RETURNED,  legal",
            "ANSWERED,  CLOSED,    legal", "ANSWERED,  ESCALATED, legal", "RETURNED,  ANSWERED,  legal",
            "RETURNED,  SIGNED,    slip s1 is returned: it cannot be signed now",
            "RETURNED,  CLOSED,    slip s1 is returned: it cannot be closed now",
            "CLOSED,    WITHDRAWN, slip s1 is closed: it cannot be withdrawn now",
            "CLOSED,    ESCALATED, slip s1 is closed",
            "CLOSED,    ANSWERED,  slip s1 is closed: it cannot be answered now",
            "WITHDRAWN, SIGNED,    slip s1 is withdrawn: it cannot be signed now",
            "WITHDRAWN, WITHDRAWN, slip s1 is withdrawn: it cannot be withdrawn now", })
    void eachStateAllowsOnlyItsSteps(SlipState state, SupervisionKind kind, String expected) {
        Slip slip = slip(state, SlipColour.BLUE);
        SupervisionEvent step = step(kind).setColour(kind == SupervisionKind.ESCALATED ? SlipColour.YELLOW : null)
            .build();
        assertThat(SlipSteps.refusal(slip, step)).isEqualTo("legal".equals(expected) ? null : expected);
    }

    @Test
    void escalationNeedsAStrongerColourAndOnlyAnIssueStartsASlip() {
        assertThat(SlipSteps.refusal(slip(SlipState.ISSUED, SlipColour.YELLOW),
                step(SupervisionKind.ESCALATED).setColour(SlipColour.YELLOW).build()))
            .isEqualTo("slip s1 is issued and yellow: escalation needs a stronger colour");
        assertThat(SlipSteps.refusal(null, step(SupervisionKind.SIGNED).build()))
            .isEqualTo("slip s1 has not been issued");
        assertThat(SlipSteps.refusal(null, step(SupervisionKind.ISSUED).build())).isNull();
    }

    @Test
    void deadlinesPassOnlyForTheStatesThatStillOweThem() {
        Slip issued = slip(SlipState.ISSUED, SlipColour.BLUE);
        assertThat(SlipSteps.unsignedLate(issued, issued.getSignBy())).as("at sign-by").isFalse();
        assertThat(SlipSteps.unsignedLate(issued, issued.getSignBy().plusMillis(1))).isTrue();
        assertThat(SlipSteps.unsignedLate(slip(SlipState.SIGNED, SlipColour.BLUE), issued.getAnswerBy())).isFalse();
        assertThat(SlipSteps.answerLate(slip(SlipState.SIGNED, SlipColour.BLUE), issued.getAnswerBy()))
            .as("at answer-by")
            .isFalse();
        assertThat(SlipSteps.answerLate(slip(SlipState.RETURNED, SlipColour.BLUE), issued.getAnswerBy().plusMillis(1)))
            .isTrue();
        assertThat(SlipSteps.answerLate(slip(SlipState.ANSWERED, SlipColour.BLUE), issued.getAnswerBy().plusMillis(1)))
            .isFalse();
    }

    @Test
    void anAnswerIsRecordedOnTheSlipAndInItsSteps() {
        Slip answered = SlipSteps.apply(slip(SlipState.SIGNED, SlipColour.BLUE),
                step(SupervisionKind.ANSWERED).setCause("拆迁未完成")
                    .setRemedy("加派人手")
                    .setPromisedDate(LocalDate.of(2026, 3, 1))
                    .build(),
                "ecology-env");
        assertThat(answered.getState()).isEqualTo(SlipState.ANSWERED);
        assertThat(answered.getPromisedDate()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(answered.getAnsweredAt()).isEqualTo(T);
        assertThat(answered.getSteps().get(answered.getSteps().size() - 1).getText()).isEqualTo("拆迁未完成 / 加派人手");
        assertThat(SlipSteps.took(answered, "e2")).isTrue();
    }

    static Slip slip(SlipState state, SlipColour colour) {
        Slip issued = SlipSteps.apply(null, step(SupervisionKind.ISSUED).setEventId("e1").setColour(colour).build(),
                "ecology-env");
        issued.setState(state);
        return issued;
    }

    static SupervisionEvent.Builder step(SupervisionKind kind) {
        return SupervisionEvent.newBuilder()
            .setEventId("e2")
            .setInitiativeId("water")
            .setSlipId("s1")
            .setKind(kind)
            .setOccurredAt(T)
            .setActor("t")
            .setSignBy(T.plusSeconds(86_400))
            .setAnswerBy(T.plusSeconds(7 * 86_400));
    }

}
