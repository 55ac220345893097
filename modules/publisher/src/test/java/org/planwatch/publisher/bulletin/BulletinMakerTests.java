package org.planwatch.publisher.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.StatusHealth;

class BulletinMakerTests {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final Instant MONDAY = Instant.parse("2026-11-30T01:00:00Z");
    static final Instant NEXT_MONDAY = Instant.parse("2026-12-07T01:00:00Z");

    final Map<String, Initiative> catalog = new HashMap<>();

    @Test
    void theSecondBulletinSaysWhatChangedSinceTheFirstPublishedOne() {
        Bulletin first = make(1, null, MONDAY, status("recovers", StatusHealth.OFF_TRACK, 0.2, 0.5),
                status("slides", StatusHealth.ON_TRACK, 0.5, 0.5), status("finishes", StatusHealth.AT_RISK, 0.8, 0.9),
                status("steady-red", StatusHealth.OFF_TRACK, 0.1, 0.5),
                status("steady-green", StatusHealth.ON_TRACK, 0.6, 0.5));
        first.setState(BulletinState.PUBLISHED);

        Bulletin second = make(2, first, NEXT_MONDAY, status("recovers", StatusHealth.ON_TRACK, 0.6, 0.6),
                status("slides", StatusHealth.OFF_TRACK, 0.5, 0.8),
                status("finishes", StatusHealth.COMPLETED, 1.0, 1.0),
                status("steady-red", StatusHealth.OFF_TRACK, 0.1, 0.6),
                status("steady-green", StatusHealth.ON_TRACK, 0.7, 0.6),
                status("new-and-late", StatusHealth.OFF_TRACK, 0.0, 0.3));

        assertThat(second.getChanges().getNewlyOffTrack()).containsExactly("new-and-late", "slides");
        assertThat(second.getChanges().getRecovered()).containsExactly("recovers");
        assertThat(second.getChanges().getCompleted()).containsExactly("finishes");
        assertThat(second.getPrevious()).isEqualTo(1);
        assertThat(second.getPeriodFrom()).isEqualTo(first.getPeriodTo().plusDays(1));
        assertThat(second.getPeriodTo()).isEqualTo(LocalDate.of(2026, 12, 7));
    }

    @Test
    void theFirstBulletinCountsEveryRedInitiativeAsNewlyOffTrackFromThePlansStart() {
        Bulletin first = make(1, null, MONDAY, status("red", StatusHealth.OFF_TRACK, 0.1, 0.5),
                status("green", StatusHealth.ON_TRACK, 0.5, 0.5));

        assertThat(first.getChanges().getNewlyOffTrack()).containsExactly("red");
        assertThat(first.getChanges().getRecovered()).isEmpty();
        assertThat(first.getPeriodFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(first.getState()).isEqualTo(BulletinState.DRAFT);
        assertThat(first.getSteps()).singleElement().satisfies(step -> assertThat(step.getActor()).isEqualTo("test"));
    }

    @Test
    void slipsIssuedAndClosedSinceThePreviousBulletinAreListedAndOldClosedOnesAreLeftOut() {
        Bulletin first = make(1, null, MONDAY, status("a", StatusHealth.OFF_TRACK, 0.1, 0.5));
        first.setState(BulletinState.PUBLISHED);
        InitiativeStatus a = status("a", StatusHealth.OFF_TRACK, 0.1, 0.5);
        a.setSlips(
                List.of(slip("old-closed", SlipState.CLOSED, MONDAY.minusSeconds(86_400), MONDAY.minusSeconds(3_600)),
                        slip("closed-since", SlipState.CLOSED, MONDAY.minusSeconds(86_400), MONDAY.plusSeconds(3_600)),
                        slip("issued-since", SlipState.SIGNED, MONDAY.plusSeconds(7_200), null)));

        Bulletin second = make(2, first, NEXT_MONDAY, a);

        assertThat(second.getChanges().getSlipsIssued()).containsExactly("a/issued-since");
        assertThat(second.getChanges().getSlipsClosed()).containsExactly("a/closed-since");
        BulletinItem item = second.getItems().get(0);
        assertThat(item.getSlips()).extracting(s -> s.getId()).containsExactly("closed-since", "issued-since");
    }

    @Test
    void itemsCarryTheCatalogsPublicFlagAndTheDepartmentsNoteButNoNoteIsPublicYet() {
        InitiativeStatus s = status("public-one", StatusHealth.AT_RISK, 0.3, 0.5);
        s.setNote("施工方已进场");
        s.setNoteAt(MONDAY.minusSeconds(60));
        s.setReportsJudged(4);
        s.setReportsOnCadence(3);
        catalog.put("public-one", initiative("public-one", true));

        BulletinItem item = make(1, null, MONDAY, s).getItems().get(0);

        assertThat(item.getPublic$()).isTrue();
        assertThat(item.getNote()).isEqualTo("施工方已进场");
        assertThat(item.getNotePublic()).isFalse();
        assertThat(item.getReportsJudged()).isEqualTo(4);
        assertThat(item.getReportsOnCadence()).isEqualTo(3);
    }

    @Test
    void aStatusWhoseInitiativeLeftTheCatalogIsNotInTheBulletin() {
        InitiativeStatus gone = status("gone", StatusHealth.OFF_TRACK, 0.1, 0.5);
        catalog.remove("gone");

        Bulletin bulletin = BulletinMaker.make(new BulletinMaker.Inputs(null, 1, null, null,
                List.of(gone, status("kept", StatusHealth.ON_TRACK, 0.5, 0.5)), catalog::get, MONDAY, ZONE, "test"));

        assertThat(bulletin.getItems()).extracting(BulletinItem::getInitiativeId).containsExactly("kept");
    }

    @Test
    void aBulletinQuotesALongNoteShortenedAndAShortOneWhole() {
        assertThat(BulletinMaker.shortened("已完成")).isEqualTo("已完成");
        assertThat(BulletinMaker.shortened(null)).isNull();
        String exact = "进".repeat(BulletinMaker.NOTE_LENGTH);
        assertThat(BulletinMaker.shortened(exact)).isEqualTo(exact);
        String shortened = BulletinMaker.shortened("进".repeat(2000));
        assertThat(shortened.codePointCount(0, shortened.length())).isEqualTo(BulletinMaker.NOTE_LENGTH);
        assertThat(shortened).endsWith("…");
        String emoji = BulletinMaker.shortened("😀".repeat(300));
        assertThat(emoji).as("never cuts a character in two")
            .doesNotContain("\uFFFD")
            .hasSize((BulletinMaker.NOTE_LENGTH - 1) * 2 + 1);
    }

    private Bulletin make(int number, Bulletin previous, Instant now, InitiativeStatus... statuses) {
        return BulletinMaker.make(new BulletinMaker.Inputs(null, number, null, previous, List.of(statuses),
                catalog::get, now, ZONE, "test"));
    }

    private InitiativeStatus status(String id, StatusHealth health, double progress, double expected) {
        catalog.putIfAbsent(id, initiative(id, false));
        return InitiativeStatus.newBuilder()
            .setInitiativeId(id)
            .setName(id)
            .setProgram("economy")
            .setDepartment("commerce")
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
            .setConditions(List.of())
            .setJudgedAt(MONDAY)
            .setChangedAt(MONDAY)
            .build();
    }

    private static Initiative initiative(String id, boolean shown) {
        return Initiative.newBuilder()
            .setId(id)
            .setName("事项" + id)
            .setProgram("economy")
            .setDepartment("commerce")
            .setSupportingDepartments(List.of())
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setMeasure(Measure.PERCENT)
            .setMilestones(List.of())
            .setKpis(List.of())
            .setTrajectory(List.of())
            .setUpdatedAt(MONDAY)
            .setUpdatedBy("test")
            .setPublic$(shown)
            .build();
    }

    private static Slip slip(String id, SlipState state, Instant issued, Instant closed) {
        return Slip.newBuilder()
            .setId(id)
            .setState(state)
            .setColour(SlipColour.YELLOW)
            .setDepartment("commerce")
            .setIssuedBy("supervisor")
            .setIssuedAt(issued)
            .setClosedAt(closed)
            .setColourSince(issued)
            .build();
    }

}
