package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
        return countInto(current, copy(current), event);
    }

    /**
     * As {@link #count}, changing {@code state} itself: only for a state that nothing
     * else holds (a task's own, folded since it was last judged and shown, ADR 0020).
     */
    static InitiativeState countInPlace(InitiativeState state, ProgressEvent event) {
        return countInto(state, state, event);
    }

    /**
     * Counts {@code event} from {@code current} into {@code next}, which may be
     * {@code current} itself: what is read of {@code current} is read before the same
     * field of {@code next} is written.
     */
    private static InitiativeState countInto(InitiativeState current, InitiativeState next, ProgressEvent event) {
        Instant previousReceipt = current.getLastReceivedAt();
        applyInto(current, next, event);
        counted(current, next, event, previousReceipt);
        return next;
    }

    /**
     * What counting {@code event} changes beside its values, on every path but replay;
     * {@code previousReceipt} is the state's last receipt before the event.
     */
    private static void counted(InitiativeState current, InitiativeState next, ProgressEvent event,
            Instant previousReceipt) {
        next.setEventsCounted(current.getEventsCounted() + 1);
        Punctuality.count(previousReceipt, next, event);
        next.setProgressPerReport(current.getProgressPerReport() && keepsProgressPerReport(current, event));
    }

    /**
     * Counts a late report (one {@link #countable} refuses by occurredAt alone) as
     * {@link #replay} would, from the state alone: in time bounded by
     * {@link #MAX_SAMPLES}, whatever the history. Null when the state cannot tell, and
     * the caller replays: a correction counted, receipts out of order, a report that
     * measures only part of the progress (or a state where one was counted), milestones,
     * a tie in time with a sample, or a stall clock that the report may move back before
     * the samples. The caller checks that the event corrects nothing and that no counted
     * correction supersedes it.
     *
     * <p>
     * Why it holds: when every report that carries progress carries all of it
     * ({@code progressPerReport}), the progress after each report is that report's own. A
     * late report then changes no other report's progress: it adds its own sample, and
     * may change whether it, and the report after it, raised progress (the stall clock).
     * The samples are the newest reports' progress, so those two are in them unless the
     * report is older than all of them.
     */
    static InitiativeState countLate(InitiativeState current, ProgressEvent event) {
        if (event.getSupersedes() != null || !Punctuality.countable(current, event)) {
            return null;
        }
        boolean parent = !current.getChildren().isEmpty();
        if (!parent && !current.getProgressPerReport()) {
            return null;
        }
        if (parent || !carriesProgress(event)) {
            // A parent's samples and stall clock come from its children, and a report
            // without progress moves neither: its values merge as they would in any
            // order.
            InitiativeState next = apply(current, event);
            counted(current, next, event, current.getLastReceivedAt());
            return next;
        }
        Initiative initiative = current.getInitiative();
        if (!measuresWhole(initiative, event)) {
            return null;
        }
        Instant at = event.getOccurredAt();
        List<ProgressSample> samples = current.getSamples();
        int before = 0;
        for (int i = 0; i < samples.size(); i++) {
            Instant sampled = samples.get(i).getAt();
            if (sampled.equals(at) || i > 0 && sampled.equals(samples.get(i - 1).getAt())) {
                return null; // reports at one time are ordered by eventId, which samples
                             // lack
            }
            if (sampled.isBefore(at)) {
                before = i + 1;
            }
        }
        boolean full = samples.size() >= MAX_SAMPLES;
        Instant stallClock = current.getLastProgressAt();
        Instant next;
        List<ProgressSample> kept;
        if (full && before == 0) {
            // Older than every sample: its own falls out of the window, and only it and
            // the report after it may change whether they raised progress, both before
            // the window. Unless the clock stands before the window, it stays.
            if (stallClock == null || !stallClock.isAfter(samples.get(0).getAt())) {
                return null;
            }
            kept = samples;
            next = stallClock;
        }
        else {
            ProgressSample[] points = new ProgressSample[samples.size() + 1];
            for (int i = 0; i < points.length; i++) {
                points[i] = i < before ? samples.get(i)
                        : i == before ? new ProgressSample(at, progressOf(initiative, event)) : samples.get(i - 1);
            }
            // Which points raised progress: the first from the progress before any
            // report,
            // when the samples hold every report; the oldest's otherwise stays as it was.
            Instant raised = null;
            for (int i = full ? 1 : 0; i < points.length; i++) {
                double was = i == 0 ? withBaseline(initiative, 0.0) : points[i - 1].getProgress();
                if (points[i].getProgress() > was) {
                    raised = points[i].getAt();
                }
            }
            if (raised != null) {
                next = raised;
            }
            else if (!full || stallClock == null || !stallClock.isAfter(samples.get(0).getAt())) {
                next = full ? stallClock : null;
            }
            else {
                return null; // the clock was in the window, and stands somewhere before
                             // it now
            }
            kept = List.of(full ? Arrays.copyOfRange(points, 1, points.length) : points);
        }
        InitiativeState state = merge(current, event);
        state.setSamples(kept);
        state.setLastProgressAt(next);
        counted(current, state, event, current.getLastReceivedAt());
        return state;
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
        boolean perReport = current.getChildren().isEmpty();
        for (ProgressEvent e : effective) {
            perReport = perReport && keepsProgressPerReport(state, e);
            state = apply(state, e);
        }
        state.setProgressPerReport(perReport);
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
        return applyInto(current, copy(current), event);
    }

    /** As {@link #apply}, into {@code next} (which may be {@code current}). */
    private static InitiativeState applyInto(InitiativeState current, InitiativeState next, ProgressEvent event) {
        boolean parent = !current.getChildren().isEmpty();
        double before = parent ? Double.NaN : progress(current);
        InitiativeState state = mergeInto(current, next, event);
        if (parent) {
            return state; // a parent's progress, samples and stall clock come from its
                          // children
        }
        double after = progress(state);
        if (after > before) {
            state.setLastProgressAt(max(current.getLastProgressAt(), event.getOccurredAt()));
        }
        if (carriesProgress(event)) {
            state.setSamples(withSample(current.getSamples(), new ProgressSample(event.getOccurredAt(), after)));
        }
        return state;
    }

    /**
     * The state with the event's values merged in, each where it is the latest: all of
     * {@link #apply} but the samples and the stall clock.
     */
    private static InitiativeState merge(InitiativeState current, ProgressEvent event) {
        return mergeInto(current, copy(current), event);
    }

    /**
     * As {@link #merge}, into {@code next} (which may be {@code current}): each field of
     * {@code current} is read before it is written, and maps are replaced, never changed
     * (an earlier state, shown or stored, may share them).
     */
    private static InitiativeState mergeInto(InitiativeState current, InitiativeState next, ProgressEvent event) {
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
        return next;
    }

    /**
     * Whether the state's progress stays each report's own after {@code event}: it
     * carries no progress, or all of it.
     */
    private static boolean keepsProgressPerReport(InitiativeState state, ProgressEvent event) {
        return !carriesProgress(event) || measuresWhole(state.getInitiative(), event);
    }

    /**
     * Whether the report carries every read of its initiative's measure, so that the
     * progress after it is its own: the percent; every KPI of the catalog. Never a
     * milestone, which counts from the earliest report that reached it.
     */
    static boolean measuresWhole(Initiative initiative, ProgressEvent event) {
        return switch (initiative.getMeasure()) {
            case PERCENT -> event.getPercentComplete() != null;
            case MILESTONES -> initiative.getMilestones().isEmpty();
            case KPI -> reportsEveryKpi(initiative, event);
        };
    }

    /** A plain loop: it runs for every in-order KPI report. */
    private static boolean reportsEveryKpi(Initiative initiative, ProgressEvent event) {
        Map<String, Double> reported = event.getKpis();
        for (Kpi kpi : initiative.getKpis()) {
            if (!reported.containsKey(kpi.getId())) {
                return false;
            }
        }
        return true;
    }

    /** The progress after a report that {@link #measuresWhole}. */
    private static double progressOf(Initiative initiative, ProgressEvent event) {
        double measured = switch (initiative.getMeasure()) {
            case PERCENT -> clamp(event.getPercentComplete() / 100.0);
            case MILESTONES -> 0.0;
            case KPI -> kpiShare(initiative, id -> event.getKpis().get(id));
        };
        return withBaseline(initiative, measured);
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
            case KPI -> kpiShare(initiative, id -> {
                KpiReading reading = state.getKpis().get(id);
                return reading == null ? null : reading.getValue();
            });
        };
        return withBaseline(initiative, measured);
    }

    /**
     * A carried-over initiative starts where the one it continues stopped; its reports
     * still measure the whole work.
     */
    private static double withBaseline(Initiative initiative, double measured) {
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

    private static double kpiShare(Initiative initiative, Function<String, Double> values) {
        if (initiative.getKpis().isEmpty()) {
            return 0.0;
        }
        double sum = 0;
        for (Kpi kpi : initiative.getKpis()) {
            Double value = values.apply(kpi.getId());
            if (value != null) {
                double span = kpi.getTarget() - kpi.getBaseline();
                double share = span == 0 ? 1.0 : (value - kpi.getBaseline()) / span;
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
