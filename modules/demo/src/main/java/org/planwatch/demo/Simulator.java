package org.planwatch.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.planwatch.publisher.catalog.InitiativeDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps posting plausible progress for the demo catalog through the publisher's HTTP API,
 * so a newcomer sees live numbers. Each initiative gets a profile from a hash of its id:
 * most keep pace with the plan, some lag, a few lag badly, some are stuck, some never
 * report.
 */
final class Simulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    /** How an initiative behaves over the year. */
    enum Profile {

        /** Keeps pace with the plan. */
        ON_TRACK,
        /** Runs ahead and finishes early. */
        EARLY,
        /** About a fifth behind: at risk, and forecast late. */
        LAGGING,
        /** Far behind. */
        OFF_TRACK,
        /** Kept pace, then stopped moving while still reporting: stalled. */
        STUCK,
        /** Kept pace, then stopped reporting: silent. */
        SILENT;

        static Profile of(String id) {
            int bucket = Math.floorMod(id.hashCode(), 20);
            if (bucket < 8) {
                return ON_TRACK;
            }
            if (bucket < 10) {
                return EARLY;
            }
            if (bucket < 13) {
                return LAGGING;
            }
            if (bucket < 15) {
                return OFF_TRACK;
            }
            return bucket < 17 ? STUCK : SILENT;
        }

        /**
         * Progress 0-1 on {@code day} for an initiative whose plan expects
         * {@code expected} then.
         */
        double progress(InitiativeDocument initiative, LocalDate day, LocalDate today) {
            return switch (this) {
                case ON_TRACK, SILENT -> expected(initiative, day);
                case EARLY -> Math.min(1.0, 1.6 * expected(initiative, day));
                case LAGGING -> 0.78 * expected(initiative, day);
                case OFF_TRACK -> 0.45 * expected(initiative, day);
                case STUCK -> expected(initiative, min(day, stuckSince(initiative, today)));
            };
        }

        /**
         * The last day a report is made: silent initiatives stopped three cadences ago.
         */
        LocalDate lastReport(InitiativeDocument initiative, LocalDate today) {
            return this == SILENT ? today.minusDays(3L * cadence(initiative)) : today;
        }

        static LocalDate stuckSince(InitiativeDocument initiative, LocalDate today) {
            return today.minusDays((initiative.stallAfterDays() == null ? 30 : initiative.stallAfterDays()) + 10L);
        }

        private static LocalDate min(LocalDate a, LocalDate b) {
            return a.isBefore(b) ? a : b;
        }

    }

    static int cadence(InitiativeDocument initiative) {
        return initiative.reportingCadenceDays() == null ? 14 : initiative.reportingCadenceDays();
    }

    private static final List<String> NOTES = List.of("本周按计划推进", "已召开专题推进会", "正在协调相关部门", "资金已落实", "受天气影响略有延误",
            "完成阶段性验收");

    private static final List<String> REPORTERS = List.of("办公室 王科长", "项目组 李主任", "督查专员 张工", "综合科 刘干事");

    private final RateLimitedClient http = new RateLimitedClient();

    private final JsonMapper json;

    private final String publisher;

    private final Map<String, String> departmentTokens;

    private final List<InitiativeDocument> initiatives;

    private final Clock clock;

    private final ZoneId zone;

    private final Random random = new Random(2019);

    private final AtomicInteger next = new AtomicInteger();

    private final AtomicLong accepted = new AtomicLong();

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-simulator");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param departmentTokens department id to its token: each report is posted as the
     * owning department
     */
    Simulator(JsonMapper json, String publisher, List<InitiativeDocument> initiatives,
            Map<String, String> departmentTokens, Clock clock, ZoneId zone) {
        this.json = json;
        this.publisher = publisher;
        this.departmentTokens = Map.copyOf(departmentTokens);
        this.initiatives = initiatives.stream().filter(i -> Profile.of(i.id()) != Profile.SILENT).toList();
        this.clock = clock;
        this.zone = zone;
    }

    /**
     * Posts a plausible history from each initiative's start to today, one report per
     * reporting cadence, through the batch API, so the boards show a mixed picture at
     * once. Event ids are derived from the initiative and the day, so a repeated backfill
     * is counted once.
     * @return reports accepted
     */
    int backfill(List<InitiativeDocument> targets) throws IOException, InterruptedException {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        int accepted = 0;
        // A batch is one department's: a token reports only on its own department's
        // initiatives.
        Map<String, List<InitiativeDocument>> byDepartment = new TreeMap<>();
        targets.forEach(i -> byDepartment.computeIfAbsent(i.department(), d -> new ArrayList<>()).add(i));
        for (var department : byDepartment.entrySet()) {
            accepted += backfill(department.getKey(), department.getValue(), today);
        }
        return accepted;
    }

    private int backfill(String department, List<InitiativeDocument> targets, LocalDate today)
            throws IOException, InterruptedException {
        List<Map<String, Object>> batch = new ArrayList<>();
        int accepted = 0;
        for (InitiativeDocument initiative : targets) {
            Profile profile = Profile.of(initiative.id());
            LocalDate last = profile.lastReport(initiative, today);
            for (LocalDate day = initiative.startDate().plusDays(cadence(initiative)); day
                .isBefore(last); day = day.plusDays(cadence(initiative))) {
                Map<String, Object> report = report(initiative, profile.progress(initiative, day, today));
                report.put("initiativeId", initiative.id());
                report.put("eventId", "sim-" + initiative.id() + "-" + day);
                report.put("occurredAt", day.atTime(17, 0).atZone(zone).toOffsetDateTime().toString());
                batch.add(report);
                if (batch.size() == 500) {
                    accepted += postBatch(department, batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            accepted += postBatch(department, batch);
        }
        return accepted;
    }

    private int postBatch(String department, List<Map<String, Object>> events)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(publisher + "/api/v1/events"))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization(department))
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("events", events)),
                    StandardCharsets.UTF_8))
            .timeout(Duration.ofSeconds(60))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Backfill batch refused: " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("accepted").asInt();
    }

    private String authorization(String department) {
        String token = departmentTokens.get(department);
        if (token == null) {
            throw new IllegalStateException("No demo token for department " + department);
        }
        return "Bearer " + token;
    }

    void start(Duration interval) {
        executor.scheduleWithFixedDelay(this::postNext, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    long accepted() {
        return accepted.get();
    }

    private void postNext() {
        if (initiatives.isEmpty()) {
            return;
        }
        InitiativeDocument initiative = initiatives.get(Math.floorMod(next.getAndIncrement(), initiatives.size()));
        try {
            Map<String, Object> report = report(initiative);
            HttpResponse<String> response = http.send(HttpRequest
                .newBuilder(URI.create(publisher + "/api/v1/initiatives/" + initiative.id() + "/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", authorization(initiative.department()))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(report), StandardCharsets.UTF_8))
                .timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 202) {
                accepted.incrementAndGet();
            }
            else {
                log.warn("Simulator report for {} answered {}: {}", initiative.id(), response.statusCode(),
                        response.body());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            log.warn("Simulator could not post for {}: {}", initiative.id(), e.toString());
        }
    }

    /** The report an initiative of its profile would make today. */
    Map<String, Object> report(InitiativeDocument initiative) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        return report(initiative, Profile.of(initiative.id()).progress(initiative, today, today));
    }

    /**
     * A report stating {@code progress} in the initiative's own measure. No noise: the
     * forecast fits a line through the latest reports, and live reports come minutes
     * apart.
     */
    Map<String, Object> report(InitiativeDocument initiative, double progress) {
        Profile profile = Profile.of(initiative.id());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("reportedBy", REPORTERS.get(random.nextInt(REPORTERS.size())));
        report.put("source", "simulator");
        switch (initiative.measure() == null ? "percent" : initiative.measure()) {
            case "kpi" -> {
                Map<String, Double> kpis = new LinkedHashMap<>();
                initiative.kpis()
                    .forEach(k -> kpis.put(k.id(), Math.floor((k.baseline() == null ? 0 : k.baseline())
                            + progress * (k.target() - (k.baseline() == null ? 0 : k.baseline())))));
                report.put("kpis", kpis);
            }
            case "milestones" -> {
                int reached = (int) Math.floor(progress * initiative.milestones().size() + 1e-9);
                report.put("milestones",
                        initiative.milestones()
                            .subList(0, reached)
                            .stream()
                            .map(InitiativeDocument.MilestoneDocument::id)
                            .toList());
                if (reached == 0) {
                    report.put("note", NOTES.get(random.nextInt(NOTES.size())));
                }
            }
            default -> report.put("percentComplete", Math.round(progress * 1000) / 10.0);
        }
        // Off-track initiatives that still call themselves on track: what divergence
        // alerts are for.
        report.put("declaredHealth", switch (profile) {
            case LAGGING -> "at_risk";
            case STUCK -> "blocked";
            case EARLY -> progress >= 1.0 ? "completed" : "on_track";
            default -> "on_track";
        });
        if (random.nextInt(4) == 0) {
            report.putIfAbsent("note", NOTES.get(random.nextInt(NOTES.size())));
        }
        return report;
    }

    /** Linear from start to due, 0-1. */
    static double expected(InitiativeDocument initiative, LocalDate today) {
        long total = ChronoUnit.DAYS.between(initiative.startDate(), initiative.dueDate());
        long done = ChronoUnit.DAYS.between(initiative.startDate(), today);
        return total <= 0 ? 1.0 : Math.max(0.0, Math.min(1.0, (double) done / total));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

}
