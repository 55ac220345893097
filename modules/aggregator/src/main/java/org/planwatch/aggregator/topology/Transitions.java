package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.AlertKind;
import org.planwatch.events.avro.Evaluation;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeAlert;
import org.planwatch.events.avro.InitiativeState;

/**
 * What changed between the condition last published for an initiative and its verdict
 * now. The first verdict of an initiative is compared with "all clear", so an initiative
 * that is already stalled when it is first judged is announced once, and one that is fine
 * is not.
 */
final class Transitions {

    /**
     * The condition of {@code verdict}; each part that already held in {@code previous}
     * keeps its since.
     */
    Evaluation evaluation(Evaluation previous, Verdict verdict, Instant now) {
        Map<String, Instant> was = previous == null ? Map.of() : previous.getSince();
        Map<String, Instant> since = new HashMap<>();
        String health = verdict.health().label();
        boolean sameHealth = previous != null && previous.getHealth().equals(health);
        since.put(HEALTH, sameHealth ? was.getOrDefault(HEALTH, previous.getAt()) : now);
        held(since, was, previous, STALLED, verdict.stalled(), previous != null && previous.getStalled(), now);
        held(since, was, previous, SILENT, verdict.silent(), previous != null && previous.getSilent(), now);
        held(since, was, previous, FORECAST_LATE, verdict.forecastLate(),
                previous != null && previous.getForecastLate(), now);
        held(since, was, previous, DIVERGENT, verdict.divergent(), previous != null && previous.getDivergent(), now);
        return new Evaluation(health, verdict.stalled(), verdict.silent(), verdict.forecastLate(), verdict.divergent(),
                now, since);
    }

    static final String HEALTH = "health";
    static final String STALLED = "stalled";
    static final String SILENT = "silent";
    static final String FORECAST_LATE = "forecastLate";
    static final String DIVERGENT = "divergent";

    /**
     * A state written before version 3 has no since: its last change of condition stands
     * in.
     */
    private static void held(Map<String, Instant> since, Map<String, Instant> was, Evaluation previous, String flag,
            boolean is, boolean held, Instant now) {
        if (is) {
            since.put(flag, held ? was.getOrDefault(flag, previous.getAt()) : now);
        }
    }

    /** Whether {@code verdict}'s condition is the one {@code previous} holds. */
    boolean sameCondition(Evaluation previous, Verdict verdict) {
        return previous != null && previous.getHealth().equals(verdict.health().label())
                && previous.getStalled() == verdict.stalled() && previous.getSilent() == verdict.silent()
                && previous.getForecastLate() == verdict.forecastLate()
                && previous.getDivergent() == verdict.divergent();
    }

    boolean sameCondition(Evaluation a, Evaluation b) {
        return a != null && b != null && a.getHealth().equals(b.getHealth()) && a.getStalled() == b.getStalled()
                && a.getSilent() == b.getSilent() && a.getForecastLate() == b.getForecastLate()
                && a.getDivergent() == b.getDivergent();
    }

    List<InitiativeAlert> between(InitiativeState state, Evaluation previous, Verdict verdict, Instant now) {
        List<InitiativeAlert> alerts = new ArrayList<>();
        String wasHealth = previous == null ? null : previous.getHealth();
        if (!Objects.equals(wasHealth, verdict.health().label()) && !(previous == null && isQuiet(verdict))) {
            alerts.add(alert(state, AlertKind.HEALTH_CHANGED, wasHealth, verdict.health().label(), verdict, now));
        }
        flag(alerts, state, previous != null && previous.getStalled(), verdict.stalled(), AlertKind.STALLED,
                AlertKind.UNSTALLED, verdict, now);
        flag(alerts, state, previous != null && previous.getSilent(), verdict.silent(), AlertKind.SILENT,
                AlertKind.HEARD_FROM, verdict, now);
        flag(alerts, state, previous != null && previous.getForecastLate(), verdict.forecastLate(),
                AlertKind.FORECAST_LATE, AlertKind.FORECAST_ON_TIME, verdict, now);
        flag(alerts, state, previous != null && previous.getDivergent(), verdict.divergent(), AlertKind.DIVERGENT,
                AlertKind.CONVERGENT, verdict, now);
        return alerts;
    }

    /** Health a new initiative may start in without an alert. */
    private static boolean isQuiet(Verdict verdict) {
        return switch (verdict.health()) {
            case NOT_STARTED, ON_TRACK, COMPLETED -> true;
            default -> false;
        };
    }

    private static void flag(List<InitiativeAlert> alerts, InitiativeState state, boolean was, boolean is,
            AlertKind entered, AlertKind left, Verdict verdict, Instant now) {
        if (was != is) {
            alerts.add(alert(state, is ? entered : left, null, null, verdict, now));
        }
    }

    private static InitiativeAlert alert(InitiativeState state, AlertKind kind, String from, String to, Verdict verdict,
            Instant now) {
        Initiative i = state.getInitiative();
        return InitiativeAlert.newBuilder()
            .setInitiativeId(i.getId())
            .setName(i.getName())
            .setProgram(i.getProgram())
            .setDepartment(i.getDepartment())
            .setKind(kind)
            .setFrom(from)
            .setTo(to)
            .setAt(now)
            .setProgress(verdict.progress())
            .setExpected(verdict.expected())
            .build();
    }

}
