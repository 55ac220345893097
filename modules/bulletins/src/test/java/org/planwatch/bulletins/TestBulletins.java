package org.planwatch.bulletins;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinChanges;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinSlip;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.StatusHealth;

/**
 * Bulletins made in the test: every required field filled with something plain, the rest
 * left to the case.
 */
final class TestBulletins {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Names NAMES = new Names(Map.of("fgj", "发展改革局", "jyj", "教育局", "zjj", "住房城乡建设局")::get,
            Map.of("p1", "民生实事", "p2", "重大项目")::get, SHANGHAI);

    private TestBulletins() {
    }

    /**
     * An initiative named 事项-{id} in program p1, due at the end of 2026, neither overdue,
     * stalled nor silent.
     */
    static BulletinItem.Builder item(String id, String department, StatusHealth health, double progress,
            double expected) {
        return BulletinItem.newBuilder()
            .setInitiativeId(id)
            .setName("事项-" + id)
            .setProgram("p1")
            .setDepartment(department)
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setHealth(health)
            .setProgress(progress)
            .setExpected(expected)
            .setOverdue(false)
            .setStalled(false)
            .setSilent(false);
    }

    static BulletinSlip slip(String id, SlipColour colour, SlipState state, String issuedAt, String closedAt) {
        return BulletinSlip.newBuilder()
            .setId(id)
            .setColour(colour)
            .setState(state)
            .setIssuedAt(Instant.parse(issuedAt))
            .setClosedAt(closedAt == null ? null : Instant.parse(closedAt))
            .build();
    }

    /**
     * 第3期, 2026-06-01 to 2026-06-30, published, with no changes unless the case sets
     * them.
     */
    static Bulletin.Builder bulletin(List<BulletinItem> items) {
        return Bulletin.newBuilder()
            .setNumber(3)
            .setPeriodFrom(LocalDate.of(2026, 6, 1))
            .setPeriodTo(LocalDate.of(2026, 6, 30))
            .setGeneratedAt(Instant.parse("2026-06-30T09:30:00Z"))
            .setState(BulletinState.PUBLISHED)
            .setSteps(List.of())
            .setItems(items)
            .setChanges(BulletinChanges.newBuilder().build());
    }

    static Bulletin bulletin(BulletinItem.Builder... items) {
        return bulletin(List.of(items).stream().map(BulletinItem.Builder::build).toList()).build();
    }

    /**
     * A plan of {@code size} initiatives in 60 departments, a tenth off track and a tenth
     * at risk, each with a note of a few dozen characters: the shape of a district's
     * yearly plan, ten times over.
     */
    static Bulletin large(int size) {
        List<BulletinItem> items = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            StatusHealth health = switch (i % 10) {
                case 0 -> StatusHealth.OFF_TRACK;
                case 1 -> StatusHealth.AT_RISK;
                case 2 -> StatusHealth.COMPLETED;
                case 3 -> StatusHealth.NOT_STARTED;
                default -> StatusHealth.ON_TRACK;
            };
            String id = String.format("I%05d", i);
            BulletinItem.Builder item = item(id, "d" + (i % 60), health, (i % 83) / 100.0, 0.5 + (i % 47) / 100.0)
                .setName("第" + i + "项：推进老旧小区改造和城市更新重点工程建设")
                .setProgram("p" + (i % 12))
                .setReportsJudged(i % 7)
                .setReportsOnCadence(i % 5 % (i % 7 + 1))
                .setNote("本月完成施工图设计审查，正在组织招标，预计下月进场施工；资金缺口已报区财政局协调解决。")
                .setNoteAt(Instant.parse("2026-06-20T02:00:00Z"));
            if (i % 10 == 0) {
                item.setOverdue(i % 20 == 0)
                    .setSlips(List.of(slip("S" + i, SlipColour.RED, SlipState.SIGNED, "2026-06-10T02:00:00Z", null)));
            }
            items.add(item.build());
        }
        return bulletin(items).build();
    }

}
