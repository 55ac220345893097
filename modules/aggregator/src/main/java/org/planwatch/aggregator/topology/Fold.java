package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.KpiReading;
import org.planwatch.events.avro.Milestone;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.ProgressSample;

/**
 * How one counted event changes an initiative's state. Pure functions of their arguments.
 *
 * <p>
 * Each value is the one of the report with the latest {@code occurredAt} (ties broken by
 * eventId), not of the latest arrival: a late, older report never rolls progress back,
 * and the state is the same whatever order the events arrive in (ADR 0007).
 */
final class Fold {

    private Fold() {
    }

    /**
     * The state of an initiative that just entered the catalog, or whose definition
     * changed.
     */
    static InitiativeState define(InitiativeState current, Initiative initiative) {
        if (current == null) {
            return InitiativeState.newBuilder().setInitiative(initiative).build();
        }
        return InitiativeState.newBuilder(current).setInitiative(initiative).build();
    }

    /** How many progress samples a state keeps for the forecast. */
    static final int MAX_SAMPLES = 20;

    /**
     * Whether {@link #count} makes of {@code event} what {@link #replay} would: it
     * corrects nothing and comes after every counted report, by occurredAt and by
     * receipt. The caller still checks that no counted correction supersedes it.
     */
    static boolean countable(InitiativeState state, ProgressEvent event) {
        return event.getSupersedes() == null
                && (state.getLastReportAt() == null || event.getOccurredAt().isAfter(state.getLastReportAt()))
                && Punctuality.countable(state, event);
    }

    /**
     * Counts an event for which {@link #countable} holds: the state is then what
     * {@link #replay} would make of all of them.
     */
    static InitiativeState count(InitiativeState current, ProgressEvent event) {
        InitiativeState next = apply(current, event);
        next.setEventsCounted(current.getEventsCounted() + 1);
        Punctuality.count(current, next, event);
        return next;
    }

    /**
     * The state made from scratch out of every counted event of the initiative: those
     * superseded by another are left out; the rest are applied in occurredAt order (ties
     * by eventId); the punctuality counts are over all of them ({@link Punctuality}).
     * Used for any event that {@link #countable} refuses, so the state never depends on
     * the order events arrived in.
     */
    static InitiativeState replay(InitiativeState current, List<ProgressEvent> counted) {
        Set<String> superseded = new HashSet<>();
        for (ProgressEvent e : counted) {
            if (e.getSupersedes() != null) {
                superseded.add(e.getSupersedes());
            }
        }
        List<ProgressEvent> effective = new ArrayList<>(
                counted.stream().filter(e -> !superseded.contains(e.getEventId())).toList());
        effective.sort(Comparator.comparing(ProgressEvent::getOccurredAt).thenComparing(ProgressEvent::getEventId));
        InitiativeState state = InitiativeState.newBuilder()
            .setInitiative(current.getInitiative())
            .setChildren(current.getChildren())
            .setEvaluation(current.getEvaluation())
            .setDuplicates(current.getDuplicates())
            .build();
        if (!current.getChildren().isEmpty()) {
            // A parent keeps the samples and stall clock its children's rollups gave it.
            state.setSamples(current.getSamples());
            state.setLastProgressAt(current.getLastProgressAt());
        }
        for (ProgressEvent e : effective) {
            state = apply(state, e);
        }
        Instant lastReceived = null;
        for (ProgressEvent e : counted) {
            lastReceived = max(lastReceived, e.getReceivedAt());
        }
        state.setLastReceivedAt(lastReceived);
        state.setEventsCounted(counted.size());
        Punctuality.replay(state, counted);
        return state;
    }

    /**
     * A new state sharing every field value with {@code state}. Avro's builders deep-copy
     * every field, the catalog entry included, on every event (ADR 0005); the fold never
     * mutates a value it shares (maps and lists are replaced, not changed), so sharing is
     * safe.
     */
    static InitiativeState copy(InitiativeState state) {
        InitiativeState copy = new InitiativeState();
        for (int i = 0; i < InitiativeState.SCHEMA$.getFields().size(); i++) {
            copy.put(i, state.get(i));
        }
        return copy;
    }

    private static InitiativeState apply(InitiativeState current, ProgressEvent event) {
        InitiativeState next = copy(current);
        Instant at = event.getOccurredAt();
        String id = event.getEventId();
        next.setLastReportAt(max(current.getLastReportAt(), at));
        next.setLastReceivedAt(max(current.getLastReceivedAt(), event.getReceivedAt()));
        if (event.getPercentComplete() != null && later(at, id, current.getPercentAt(), current.getPercentEventId())) {
            next.setPercentComplete(event.getPercentComplete());
            next.setPercentAt(at);
            next.setPercentEventId(id);
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
        if (event.getDeclaredHealth() != null && later(at, id, current.getDeclaredAt(), current.getDeclaredEventId())) {
            next.setDeclaredHealth(event.getDeclaredHealth());
            next.setDeclaredAt(at);
            next.setDeclaredEventId(id);
        }
        String note = event.getNote();
        if (note != null && !note.isBlank() && later(at, id, current.getNoteAt(), current.getNoteEventId())) {
            next.setNote(note);
            next.setNoteAt(at);
            next.setNoteEventId(id);
        }
        InitiativeState state = next;
        if (!current.getChildren().isEmpty()) {
            return state; // a parent's progress, samples and stall clock come from its
                          // children
        }
        double before = progress(current);
        double after = progress(state);
        if (after > before) {
            state.setLastProgressAt(max(current.getLastProgressAt(), at));
        }
        if (carriesProgress(event)) {
            state.setSamples(withSample(current.getSamples(), new ProgressSample(at, after)));
        }
        return state;
    }

    private static boolean carriesProgress(ProgressEvent event) {
        return event.getPercentComplete() != null || !event.getKpis().isEmpty()
                || !event.getMilestonesReached().isEmpty();
    }

    /**
     * The samples (oldest first, as every state holds them) with one more, after those at
     * the same time, keeping the newest {@link #MAX_SAMPLES}. Inserted in place, since it
     * runs on every counted event: no copy, sort and trim of the whole list.
     */
    static List<ProgressSample> withSample(List<ProgressSample> samples, ProgressSample sample) {
        int at = samples.size();
        while (at > 0 && samples.get(at - 1).getAt().isAfter(sample.getAt())) {
            at--;
        }
        int size = samples.size() + 1;
        int dropped = Math.max(0, size - MAX_SAMPLES);
        ProgressSample[] next = new ProgressSample[size - dropped];
        for (int i = dropped; i < size; i++) {
            next[i - dropped] = i < at ? samples.get(i) : i == at ? sample : samples.get(i - 1);
        }
        return List.of(next);
    }

    static InitiativeState duplicate(InitiativeState current) {
        InitiativeState next = copy(current);
        next.setDuplicates(current.getDuplicates() + 1);
        return next;
    }

    /**
     * Progress 0-1 by the initiative's measure: the reported percent; the weighted share
     * of milestones reached; or the mean share of the way from baseline to target of its
     * KPIs.
     */
    static double progress(InitiativeState state) {
        Initiative initiative = state.getInitiative();
        double measured = switch (initiative.getMeasure()) {
            case PERCENT -> state.getPercentComplete() == null ? 0.0 : clamp(state.getPercentComplete() / 100.0);
            case MILESTONES -> milestoneShare(initiative, state);
            case KPI -> kpiShare(initiative, state);
        };
        // A carried-over initiative starts where the one it continues stopped; its
        // reports still measure the whole work.
        return initiative.getBaseline() == null ? measured : Math.max(clamp(initiative.getBaseline()), measured);
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

    /**
     * Whether (at, id) comes after (knownAt, knownId): by time, then by eventId so ties
     * are deterministic.
     */
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
