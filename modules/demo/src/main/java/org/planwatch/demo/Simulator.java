package org.planwatch.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
 * Keeps posting plausible progress for the demo catalog through the publisher's HTTP API, so a
 * newcomer sees live numbers. Each initiative gets a profile from a hash of its id: most keep
 * pace with the plan, some lag, a few lag badly, some are stuck, some never report.
 */
final class Simulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Simulator.class);

    /** How an initiative behaves; the share of the expected progress it reports. */
    enum Profile {
        ON_TRACK(1.0), LAGGING(0.78), OFF_TRACK(0.45), STUCK(0.0), SILENT(0.0);

        final double pace;

        Profile(double pace) {
            this.pace = pace;
        }

        static Profile of(String id) {
            int bucket = Math.floorMod(id.hashCode(), 20);
            if (bucket < 11) {
                return ON_TRACK;
            }
            if (bucket < 14) {
                return LAGGING;
            }
            if (bucket < 16) {
                return OFF_TRACK;
            }
            return bucket < 18 ? STUCK : SILENT;
        }
    }

    private static final List<String> NOTES = List.of("本周按计划推进", "已召开专题推进会", "正在协调相关部门", "资金已落实",
            "受天气影响略有延误", "完成阶段性验收");
    private static final List<String> REPORTERS = List.of("办公室 王科长", "项目组 李主任", "督查专员 张工", "综合科 刘干事");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json;
    private final String publisher;
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

    Simulator(JsonMapper json, String publisher, List<InitiativeDocument> initiatives, Clock clock, ZoneId zone) {
        this.json = json;
        this.publisher = publisher;
        this.initiatives = initiatives.stream().filter(i -> Profile.of(i.id()) != Profile.SILENT).toList();
        this.clock = clock;
        this.zone = zone;
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
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(publisher + "/api/v1/initiatives/" + initiative.id() + "/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(report), StandardCharsets.UTF_8))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 202) {
                accepted.incrementAndGet();
            }
            else {
                log.warn("Simulator report for {} answered {}: {}", initiative.id(), response.statusCode(), response.body());
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
        Profile profile = Profile.of(initiative.id());
        double expected = expected(initiative, LocalDate.now(clock.withZone(zone)));
        double progress = profile == Profile.STUCK ? Math.min(0.3, expected)
                : Math.min(1.0, expected * profile.pace * (0.97 + 0.06 * random.nextDouble()));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("reportedBy", REPORTERS.get(random.nextInt(REPORTERS.size())));
        report.put("source", "simulator");
        switch (initiative.measure() == null ? "percent" : initiative.measure()) {
            case "kpi" -> {
                Map<String, Double> kpis = new LinkedHashMap<>();
                initiative.kpis().forEach(k -> kpis.put(k.id(), Math.floor(
                        (k.baseline() == null ? 0 : k.baseline()) + progress * (k.target() - (k.baseline() == null ? 0 : k.baseline())))));
                report.put("kpis", kpis);
            }
            case "milestones" -> {
                int reached = (int) Math.floor(progress * initiative.milestones().size() + 1e-9);
                report.put("milestones", initiative.milestones().subList(0, reached).stream()
                        .map(InitiativeDocument.MilestoneDocument::id).toList());
                if (reached == 0) {
                    report.put("note", NOTES.get(random.nextInt(NOTES.size())));
                }
            }
            default -> report.put("percentComplete", Math.round(progress * 1000) / 10.0);
        }
        // Off-track initiatives that still call themselves on track: what divergence alerts are for.
        report.put("declaredHealth", profile == Profile.LAGGING ? "at_risk" : "on_track");
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
