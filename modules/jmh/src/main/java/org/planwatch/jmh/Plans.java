package org.planwatch.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.Evaluation;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.KpiReading;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.ProgressSample;

/**
 * Records shaped like the demo catalog's, so the benchmarks measure the bytes and maps
 * production sees: Chinese names and notes (multi-byte UTF-8), ids from the plan's
 * programs and departments, two KPIs and three milestones per initiative, UUID event ids.
 * Deterministic: every run measures the same records. Public only because the benchmarks
 * of three packages share it.
 */
public final class Plans {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public static final LocalDate START = LocalDate.of(2026, 1, 5);

    public static final LocalDate DUE = LocalDate.of(2026, 12, 31);

    /**
     * When the states are judged: mid-year, so expected progress is about a half and the
     * verdicts vary.
     */
    public static final Instant NOW = Instant.parse("2026-06-15T01:00:00Z");

    private static final Instant FIRST_REPORT = START.atTime(17, 0).atZone(ZONE).toInstant();

    private static final String[] NAMES = { "落实赴广东省学习考察各项要求的32项具体举措", "深度谋划并储备一批现代服务业大项目好项目", "实施楼宇品质提升工程",
            "落实落细“和平20条”", "用足用好自贸试验区政策", "认真落实《和平区机构改革实施方案》", "着力解决入园难,缓解基础教育学位紧张问题", "深化公立医院改革,构建现代医院管理制度",
            "落实“三种补贴、三种住房”保障政策", "蓝天三年作战计划", "巩固扩大节约型机关、绿色家庭、绿色学校、绿色社区和绿色出行等行动成果", "持续推进交通秩序大整治和交通文明畅通行动计划" };

    private static final String[][] PROGRAM_DEPARTMENT = { { "economy", "development-reform" },
            { "economy", "commerce" }, { "reform", "establishment-office" }, { "livelihood", "education" },
            { "livelihood", "health" }, { "livelihood", "housing" }, { "ecology", "ecology-env" },
            { "ecology", "police" } };

    private static final String[] REPORTERS = { "张伟", "王芳", "李娜", "刘洋", "陈静" };

    private Plans() {
    }

    /**
     * The nth catalog entry: distinct id and name, two KPIs (one rising, one falling) and
     * three milestones.
     */
    public static Initiative initiative(int n) {
        String[] programDepartment = PROGRAM_DEPARTMENT[n % PROGRAM_DEPARTMENT.length];
        return Initiative.newBuilder()
            .setId("initiative-%05d".formatted(n))
            .setName(NAMES[n % NAMES.length] + "（第" + n + "项）")
            .setDescription("扎实推进" + NAMES[n % NAMES.length] + ",着力提高经济发展的质量和效益")
            .setProgram(programDepartment[0])
            .setDepartment(programDepartment[1])
            .setSupportingDepartments(List.of("finance", "gov-services"))
            .setStartDate(START)
            .setDueDate(DUE)
            .setMeasure(Measure.KPI)
            .setKpis(List.of(kpi("measures-done", "落实到位的具体举措", "项", 0, 32, KpiDirection.INCREASE),
                    kpi("processing-days", "平均办理时限", "天", 20, 5, KpiDirection.DECREASE)))
            .setMilestones(List.of(milestone("scope", "职责界定", LocalDate.of(2026, 3, 31)),
                    milestone("assets", "资产划转", LocalDate.of(2026, 6, 30)),
                    milestone("staff", "人员转隶", LocalDate.of(2026, 9, 30))))
            .setUpdatedAt(START.atStartOfDay(ZONE).toInstant())
            .setUpdatedBy("区发展改革委 计划科")
            .build();
    }

    /**
     * The nth report on an initiative, six hours after the one before (so a history of
     * 1,000 still fits the plan year): both KPIs, the milestones reached so far, the
     * department's declared health.
     */
    public static ProgressEvent report(Initiative initiative, int n) {
        Instant at = FIRST_REPORT.plus(Duration.ofHours(6L * n));
        List<String> reached = List.of("scope", "assets", "staff").subList(0, Math.min(3, n / 3));
        return ProgressEvent.newBuilder()
            .setEventId(eventId(initiative, n))
            .setInitiativeId(initiative.getId())
            .setOccurredAt(at)
            .setReceivedAt(at.plusSeconds(180))
            .setReportedBy(REPORTERS[n % REPORTERS.length])
            .setDepartment(initiative.getDepartment())
            .setKpis(Map.of("measures-done", (double) Math.min(32, 1 + n / 4), "processing-days",
                    Math.max(5.0, 20.0 - n / 10.0)))
            .setMilestonesReached(reached)
            .setDeclaredHealth(n % 10 == 9 ? DeclaredHealth.AT_RISK : DeclaredHealth.ON_TRACK)
            .setNote("本周完成专项督查，推进顺利")
            .setSource(EventSource.HTTP)
            .build();
    }

    /**
     * count reports in occurredAt order; every 25th corrects the one before it, as a
     * department's fix would.
     */
    public static List<ProgressEvent> history(Initiative initiative, int count) {
        List<ProgressEvent> events = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            ProgressEvent event = report(initiative, n);
            if (n % 25 == 24) {
                event.setSupersedes(eventId(initiative, n - 1));
            }
            events.add(event);
        }
        return events;
    }

    /** The state of an initiative that just entered the catalog: nothing counted yet. */
    public static InitiativeState fresh(Initiative initiative) {
        return InitiativeState.newBuilder().setInitiative(initiative).build();
    }

    /**
     * A state as the fold leaves it after about forty reports: both KPIs read, two
     * milestones reached, the full window of progress samples, a published evaluation.
     * Built by hand, not by the fold, so the serde and scrape benchmarks do not move when
     * the fold changes. The values vary with n so the verdicts spread over healths,
     * stalled, silent and forecasts as a real catalog's do.
     */
    public static InitiativeState folded(Initiative initiative, int n) {
        Instant lastReport = NOW.minus(Duration.ofDays(n % 25));
        double done = 6 + n % 14;
        double days = 20 - n % 9;
        double progress = (done / 32 + (20 - days) / 15) / 2;
        List<ProgressSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(new ProgressSample(lastReport.minus(Duration.ofDays(7L * (19 - i))), progress * (i + 1) / 20));
        }
        return InitiativeState.newBuilder()
            .setInitiative(initiative)
            .setLastReportAt(lastReport)
            .setLastReceivedAt(lastReport.plusSeconds(180))
            .setLastProgressAt(lastReport.minus(Duration.ofDays(n % 40)))
            .setEventsCounted(40 + n % 7)
            .setDuplicates(n % 3)
            .setKpis(Map.of("measures-done", new KpiReading(done, lastReport, eventId(initiative, 39)),
                    "processing-days", new KpiReading(days, lastReport, eventId(initiative, 39))))
            .setMilestonesReached(Map.of("scope", lastReport.minus(Duration.ofDays(90)), "assets",
                    lastReport.minus(Duration.ofDays(10))))
            .setDeclaredHealth(n % 10 == 9 ? DeclaredHealth.AT_RISK : DeclaredHealth.ON_TRACK)
            .setDeclaredAt(lastReport)
            .setDeclaredEventId(eventId(initiative, 39))
            .setSamples(samples)
            .setEvaluation(Evaluation.newBuilder()
                .setHealth("on_track")
                .setStalled(false)
                .setSilent(false)
                .setForecastLate(false)
                .setDivergent(false)
                .setAt(NOW.minusSeconds(60))
                .build())
            .build();
    }

    private static String eventId(Initiative initiative, int n) {
        return UUID.nameUUIDFromBytes((initiative.getId() + "/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Kpi kpi(String id, String name, String unit, double baseline, double target,
            KpiDirection direction) {
        return Kpi.newBuilder()
            .setId(id)
            .setName(name)
            .setUnit(unit)
            .setBaseline(baseline)
            .setTarget(target)
            .setDirection(direction)
            .build();
    }

    private static Milestone milestone(String id, String name, LocalDate planned) {
        return Milestone.newBuilder().setId(id).setName(name).setPlannedDate(planned).build();
    }

}
