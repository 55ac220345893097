package org.planwatch.bulletins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.planwatch.bulletins.TestBulletins.NAMES;
import static org.planwatch.bulletins.TestBulletins.SHANGHAI;
import static org.planwatch.bulletins.TestBulletins.bulletin;
import static org.planwatch.bulletins.TestBulletins.item;
import static org.planwatch.bulletins.TestBulletins.slip;
import static org.planwatch.events.avro.StatusHealth.AT_RISK;
import static org.planwatch.events.avro.StatusHealth.COMPLETED;
import static org.planwatch.events.avro.StatusHealth.NOT_STARTED;
import static org.planwatch.events.avro.StatusHealth.OFF_TRACK;
import static org.planwatch.events.avro.StatusHealth.ON_TRACK;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.planwatch.bulletins.BulletinFigures.Count;
import org.planwatch.bulletins.BulletinFigures.Group;
import org.planwatch.bulletins.BulletinFigures.Item;
import org.planwatch.bulletins.BulletinFigures.Punctuality;
import org.planwatch.bulletins.BulletinFigures.SlipRow;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinChanges;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;

class BulletinFiguresTests {

    @Test
    void headerIsInChineseWithTheGeneratedTimeInThePlansZone() {
        Bulletin b = bulletin(List.of(item("a", "fgj", ON_TRACK, 0.5, 0.5).build())).setState(BulletinState.DRAFT)
            .setCorrects(2)
            .build();

        BulletinFigures f = BulletinFigures.of(b, NAMES);

        assertThat(f.number()).isEqualTo(3);
        assertThat(f.title()).isEqualTo("督查通报 第3期");
        assertThat(f.id()).as("without a plan, the number alone").isEqualTo("3");
        assertThat(f.period()).isEqualTo("2026-06-01 至 2026-06-30");
        assertThat(f.generated()).as("09:30 UTC is 17:30 in Shanghai").isEqualTo("2026-06-30 17:30");
        assertThat(f.stateLabel()).isEqualTo("草稿");
        assertThat(f.corrects()).isEqualTo(2);
        assertThat(f.total()).isEqualTo(1);
    }

    @Test
    void aPlansBulletinIsTitledByThePlansNameAndKeyedByPlanAndNumber() {
        Bulletin b = bulletin(List.of(item("a", "fgj", ON_TRACK, 0.5, 0.5).build())).setState(BulletinState.DRAFT)
            .setPlan("heping-2026")
            .build();
        Names names = new Names(NAMES.department(), NAMES.program(), Map.of("heping-2026", "和平区2026年重点工作")::get,
                SHANGHAI);

        BulletinFigures f = BulletinFigures.of(b, names);

        assertThat(f.title()).isEqualTo("和平区2026年重点工作 督查通报 第3期");
        assertThat(f.id()).isEqualTo("heping-2026:3");
        assertThat(f.plan()).isEqualTo("heping-2026");
        assertThat(BulletinFigures.of(b, NAMES).title()).as("an unnamed plan shows by its id")
            .isEqualTo("heping-2026 督查通报 第3期");
    }

    @Test
    void everyLightIsCountedInFixedOrderEvenWhenNoInitiativeHasIt() {
        BulletinFigures f = BulletinFigures
            .of(bulletin(item("a", "fgj", ON_TRACK, 0.5, 0.5), item("b", "fgj", ON_TRACK, 0.5, 0.5),
                    item("c", "fgj", AT_RISK, 0.3, 0.5), item("d", "jyj", OFF_TRACK, 0.1, 0.5)), NAMES);

        assertThat(f.byHealth()).extracting(Count::label, Count::css, Count::count, Count::share)
            .containsExactly(tuple("绿", "green", 2L, 0.5), tuple("黄", "yellow", 1L, 0.25), tuple("红", "red", 1L, 0.25),
                    tuple("已完成", "completed", 0L, 0.0), tuple("未开始", "not-started", 0L, 0.0));
    }

    @Test
    void groupsAreSortedByMostRedThenMostYellowThenName() {
        BulletinFigures f = BulletinFigures.of(bulletin(item("a", "fgj", AT_RISK, 0.3, 0.5).setOverdue(true),
                item("b", "jyj", OFF_TRACK, 0.1, 0.5).setStalled(true).setSilent(true),
                item("c", "zjj", AT_RISK, 0.3, 0.5).setProgram("p2"), item("d", "zjj", COMPLETED, 1, 0.5),
                item("e", "zjj", NOT_STARTED, 0, 0), item("f", "fgj", AT_RISK, 0.3, 0.5),
                item("g", "fgj", ON_TRACK, 0.5, 0.5)), NAMES);

        assertThat(f.byDepartment())
            .extracting(Group::name, Group::total, Group::green, Group::yellow, Group::red, Group::completed,
                    Group::notStarted, Group::overdue, Group::stalled, Group::silent)
            .containsExactly(tuple("教育局", 1L, 0L, 0L, 1L, 0L, 0L, 0L, 1L, 1L),
                    tuple("发展改革局", 3L, 1L, 2L, 0L, 0L, 0L, 1L, 0L, 0L),
                    tuple("住房城乡建设局", 3L, 0L, 1L, 0L, 1L, 1L, 0L, 0L, 0L));
        assertThat(f.byProgram()).extracting(Group::id, Group::name, Group::total)
            .containsExactly(tuple("p1", "民生实事", 6L), tuple("p2", "重大项目", 1L));
    }

    @Test
    void equallyRedAndYellowGroupsAreOrderedByName() {
        BulletinFigures f = BulletinFigures.of(bulletin(item("a", "zjj", OFF_TRACK, 0.1, 0.5),
                item("b", "jyj", OFF_TRACK, 0.1, 0.5), item("c", "fgj", OFF_TRACK, 0.1, 0.5)), NAMES);

        assertThat(f.byDepartment()).extracting(Group::name)
            .as("by pinyin: fa, jiao, zhu")
            .containsExactly("发展改革局", "教育局", "住房城乡建设局");
    }

    @Test
    void redIsOffTrackAndYellowAtRiskEachFurthestBehindFirst() {
        BulletinFigures f = BulletinFigures.of(bulletin(item("r-small", "fgj", OFF_TRACK, 0.40, 0.60),
                item("y", "fgj", AT_RISK, 0.45, 0.60), item("r-overdue", "jyj", OFF_TRACK, 0.75, 1.00).setOverdue(true),
                item("g", "fgj", ON_TRACK, 0.60, 0.60), item("r-large", "zjj", OFF_TRACK, 0.10, 0.60),
                item("y-worse", "zjj", AT_RISK, 0.35, 0.60)), NAMES);

        assertThat(f.red()).extracting(Item::id).containsExactly("r-large", "r-overdue", "r-small");
        assertThat(f.yellow()).extracting(Item::id).containsExactly("y-worse", "y");
        assertThat(f.red()).extracting(Item::light).containsOnly("红");
    }

    @Test
    void initiativesEquallyBehindAreOrderedByNameWhateverTheFloatingPointNoise() {
        BulletinFigures f = BulletinFigures.of(bulletin(item("2", "fgj", OFF_TRACK, 0.7, 0.9).setName("乙工程"),
                item("1", "fgj", OFF_TRACK, 0.3, 0.5).setName("甲工程")), NAMES);

        assertThat(0.7 - 0.9).as("the noise this test is about").isLessThan(0.3 - 0.5);
        assertThat(f.red()).extracting(Item::name).containsExactly("甲工程", "乙工程");
    }

    @Test
    void itemRowsShowWholePercentsNamesDaysAndSlipsInChinese() {
        BulletinFigures f = BulletinFigures.of(bulletin(
                item("a", "jyj", OFF_TRACK, 0.354, 0.6049).setProgram("p2")
                    .setNote("施工图审查中")
                    .setNoteAt(Instant.parse("2026-06-19T17:00:00Z"))
                    .setNotePublic(true)
                    .setSlips(List.of(slip("s1", SlipColour.RED, SlipState.SIGNED, "2026-06-01T02:00:00Z", null),
                            slip("s2", SlipColour.YELLOW, SlipState.ANSWERED, "2026-06-02T02:00:00Z", null))),
                item("b", "fgj", ON_TRACK, 0.5, 0.5)), NAMES);

        assertThat(f.items()).extracting(Item::id).containsExactly("a", "b");
        assertThat(f.items().get(0)).returns("事项-a", Item::name)
            .returns("jyj", Item::department)
            .returns("教育局", Item::departmentName)
            .returns("重大项目", Item::programName)
            .returns("红", Item::light)
            .returns(35L, Item::progress)
            .returns(60L, Item::expected)
            .returns("2026-12-31", Item::dueDate)
            .returns("施工图审查中", Item::note)
            .as("01:00 in Shanghai")
            .returns("2026-06-20", Item::noteDay)
            .returns(true, Item::notePublic)
            .returns("红色督办·已签收；黄色督办·已答复", Item::slips);
        assertThat(f.items().get(1).note()).isEmpty();
        assertThat(f.items().get(1).noteDay()).isEmpty();
        assertThat(f.items().get(1).slips()).isEmpty();
    }

    @Test
    void unknownDepartmentsAndProgramsShowTheirIds() {
        BulletinFigures f = BulletinFigures.of(bulletin(item("a", "d-new", OFF_TRACK, 0.1, 0.5).setProgram("p9")),
                NAMES);

        assertThat(f.red().get(0).departmentName()).isEqualTo("d-new");
        assertThat(f.red().get(0).programName()).isEqualTo("p9");
        assertThat(f.byDepartment().get(0).name()).isEqualTo("d-new");
    }

    @Test
    void changeListsFollowTheirIdsAndSkipIdsTheBulletinDoesNotHold() {
        Bulletin b = bulletin(List.of(
                item("a", "jyj", OFF_TRACK, 0.1, 0.5)
                    .setSlips(List.of(slip("s1", SlipColour.RED, SlipState.ISSUED, "2026-06-10T02:00:00Z", null)))
                    .build(),
                item("b", "fgj", ON_TRACK, 0.5, 0.5)
                    .setSlips(List.of(slip("s2", SlipColour.BLUE, SlipState.CLOSED, "2026-05-10T02:00:00Z",
                            "2026-06-21T16:30:00Z")))
                    .build(),
                item("c", "zjj", COMPLETED, 1, 0.9).build()))
            .setChanges(BulletinChanges.newBuilder()
                .setNewlyOffTrack(List.of("gone", "a"))
                .setRecovered(List.of("b"))
                .setCompleted(List.of("c", "gone"))
                .setSlipsIssued(List.of("a/s1", "a/s-gone", "b/s1"))
                .setSlipsClosed(List.of("b/s2"))
                .build())
            .build();

        BulletinFigures f = BulletinFigures.of(b, NAMES);

        assertThat(f.newlyOffTrack()).extracting(Item::id).containsExactly("a");
        assertThat(f.recovered()).extracting(Item::id).containsExactly("b");
        assertThat(f.completed()).extracting(Item::id).containsExactly("c");
        assertThat(f.slipsIssued()).containsExactly(new SlipRow("s1", "事项-a", "教育局", "红色督办", "已下发", "2026-06-10", ""));
        assertThat(f.slipsClosed())
            .containsExactly(new SlipRow("s2", "事项-b", "发展改革局", "蓝色督办", "已办结", "2026-05-10", "2026-06-22"));
    }

    @Test
    void rankingSharesRanksOnEqualShareAndRedAndPutsDepartmentsWithNothingJudgedLast() {
        BulletinFigures f = BulletinFigures
            .of(bulletin(item("a1", "best", ON_TRACK, 0.5, 0.5).setReportsJudged(10).setReportsOnCadence(9),
                    item("b1", "tie-1", ON_TRACK, 0.5, 0.5).setReportsJudged(6).setReportsOnCadence(6),
                    item("b2", "tie-1", ON_TRACK, 0.5, 0.5).setReportsJudged(4).setReportsOnCadence(2),
                    item("c1", "tie-2", ON_TRACK, 0.5, 0.5).setReportsJudged(5).setReportsOnCadence(4),
                    item("d1", "red", OFF_TRACK, 0.1, 0.5).setReportsJudged(5).setReportsOnCadence(4),
                    item("e1", "unjudged", ON_TRACK, 0, 0),
                    item("f1", "worst", ON_TRACK, 0.5, 0.5).setReportsJudged(4).setReportsOnCadence(1)), NAMES);

        assertThat(f.ranking())
            .extracting(Punctuality::rank, Punctuality::department, Punctuality::judged, Punctuality::onCadence,
                    Punctuality::share, Punctuality::red, Punctuality::total)
            .containsExactly(tuple(1, "best", 10L, 9L, 0.9, 0L, 1L), tuple(2, "tie-1", 10L, 8L, 0.8, 0L, 2L),
                    tuple(2, "tie-2", 5L, 4L, 0.8, 0L, 1L), tuple(4, "red", 5L, 4L, 0.8, 1L, 1L),
                    tuple(5, "worst", 4L, 1L, 0.25, 0L, 1L), tuple(6, "unjudged", 0L, 0L, null, 0L, 1L));
    }

    @Test
    void aPlanOfTenThousandInitiativesIsFiguredWhole() {
        BulletinFigures f = BulletinFigures.of(TestBulletins.large(10_000), NAMES);

        assertThat(f.total()).isEqualTo(10_000);
        assertThat(f.red()).hasSize(1_000);
        assertThat(f.yellow()).hasSize(1_000);
        assertThat(f.byDepartment()).hasSize(60);
        assertThat(f.byDepartment().stream().mapToLong(Group::total).sum()).isEqualTo(10_000);
    }

}
