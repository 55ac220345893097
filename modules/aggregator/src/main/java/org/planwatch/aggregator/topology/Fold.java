package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.KpiReading;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.ProgressEvent;

/**
 * How one counted event changes an initiative's state. Pure functions of their arguments.
 *
 * <p>Each value is the one of the report with the latest {@code occurredAt} (ties broken by
 * eventId), not of the latest arrival: a late, older report never rolls progress back, and the
 * state is the same whatever order the events arrive in.
 */
final class Fold {

    private Fold() {
    }

    /** The state of an initiative that just entered the catalog, or whose definition changed. */
    static InitiativeState define(InitiativeState current, Initiative initiative) {
        if (current == null) {
            return InitiativeState.newBuilder().setInitiative(initiative).build();
        }
        return InitiativeState.newBuilder(current).setInitiative(initiative).build();
    }

    static InitiativeState count(InitiativeState current, ProgressEvent event) {
        InitiativeState.Builder next = InitiativeState.newBuilder(current);
        Instant at = event.getOccurredAt();
        String id = event.getEventId();
        next.setEventsCounted(current.getEventsCounted() + 1);
        next.setLastReportAt(max(current.getLastReportAt(), at));
        next.setLastReceivedAt(max(current.getLastReceivedAt(), event.getReceivedAt()));
        if (event.getPercentComplete() != null && later(at, id, current.getPercentAt(), current.getPercentEventId())) {
            next.setPercentComplete(event.getPercentComplete()).setPercentAt(at).setPercentEventId(id);
        }
        if (!event.getKpis().isEmpty()) {
            Map<String, KpiReading> kpis = new HashMap<>(current.getKpis());
            event.getKpis().forEach((kpi, value) -> {
                KpiReading known = kpis.get(kpi);
                if (known == null || later(at, id, known.getAt(), known.getEventId())) {
                    kpis.put(kpi, new KpiReading(value, at, id));
                }
            });
            next.setKpis(kpis);
        }
        if (!event.getMilestonesReached().isEmpty()) {
            Map<String, Instant> milestones = new HashMap<>(current.getMilestonesReached());
            event.getMilestonesReached().forEach(m -> milestones.merge(m, at, (a, b) -> a.isBefore(b) ? a : b));
            next.setMilestonesReached(milestones);
        }
        if (event.getDeclaredHealth() != null
                && later(at, id, current.getDeclaredAt(), current.getDeclaredEventId())) {
            next.setDeclaredHealth(event.getDeclaredHealth()).setDeclaredAt(at).setDeclaredEventId(id);
        }
        return next.build();
    }

    static InitiativeState duplicate(InitiativeState current) {
        return InitiativeState.newBuilder(current).setDuplicates(current.getDuplicates() + 1).build();
    }

    /**
     * Progress 0-1 by the initiative's measure: the reported percent; the weighted share of
     * milestones reached; or the mean share of the way from baseline to target of its KPIs.
     */
    static double progress(InitiativeState state) {
        Initiative initiative = state.getInitiative();
        return switch (initiative.getMeasure()) {
            case PERCENT -> state.getPercentComplete() == null ? 0.0 : clamp(state.getPercentComplete() / 100.0);
            case MILESTONES -> milestoneShare(initiative, state);
            case KPI -> kpiShare(initiative, state);
        };
    }

    private static double milestoneShare(Initiative initiative, InitiativeState state) {
        double total = 0;
        double reached = 0;
        for (Milestone m : initiative.getMilestones()) {
            total += m.getWeight();
            if (state.getMilestonesReached().containsKey(m.getId())) {
                reached += m.getWeight();
            }
        }
        return total == 0 ? 0.0 : clamp(reached / total);
    }

    private static double kpiShare(Initiative initiative, InitiativeState state) {
        if (initiative.getKpis().isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (Kpi kpi : initiative.getKpis()) {
            KpiReading reading = state.getKpis().get(kpi.getId());
            if (reading != null) {
                double span = kpi.getTarget() - kpi.getBaseline();
                double share = span == 0 ? 1.0 : (reading.getValue() - kpi.getBaseline()) / span;
                sum += clamp(kpi.getDirection() == KpiDirection.DECREASE && span > 0 ? 1 - share : share);
            }
        }
        return sum / initiative.getKpis().size();
    }

    /** Whether (at, id) comes after (knownAt, knownId): by time, then by eventId so ties are deterministic. */
    static boolean later(Instant at, String id, Instant knownAt, String knownId) {
        if (knownAt == null) {
            return true;
        }
        int byTime = at.compareTo(knownAt);
        return byTime > 0 || (byTime == 0 && (knownId == null || id.compareTo(knownId) > 0));
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }
}
