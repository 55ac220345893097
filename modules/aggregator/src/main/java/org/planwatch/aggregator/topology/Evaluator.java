package org.planwatch.aggregator.topology;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.aggregator.AggregatorProperties.Rules;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.aggregator.view.Verdict.Flag;
import org.planwatch.events.avro.ChildProgress;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressSample;
import org.planwatch.events.avro.TrajectoryPoint;

/**
 * The rules that judge an initiative at a moment: pure functions of its state, the moment
 * and the configured {@link Rules}. Dates are days in the plan's time zone; a date's
 * point in time is the midnight that starts it, and the due date lasts until the midnight
 * that ends it.
 */
public final class Evaluator {

    private static final double TOLERANCE = 1e-9;

    private static final double FAR_FUTURE = Instant.parse("9999-12-31T00:00:00Z").toEpochMilli();

    /** How many dates' midnights {@link #startOf} keeps before it starts afresh. */
    private static final int STARTS_KEPT = 4096;

    private final Rules rules;

    /**
     * Each date's midnight in the zone: a plan has few dates, and every verdict asks for
     * several of them (the zone's rules are a binary search over its transitions).
     */
    private final Map<LocalDate, Instant> starts = new ConcurrentHashMap<>();

    public Evaluator(Rules rules) {
        this.rules = rules;
    }

    public Verdict evaluate(InitiativeState state, Instant at) {
        Initiative initiative = state.getInitiative();
        Instant now = asOf(initiative, at);
        double progress = progress(state);
        double expected = expected(initiative, now);
        boolean started = !now.isBefore(startOf(initiative.getStartDate()));
        boolean completed = progress >= 1.0;
        Health health = health(initiative, progress, expected, started, completed, now);
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        if (started && !completed && !now.isBefore(stalledFrom(state))) {
            flags.add(Flag.STALLED);
        }
        if (started && !completed && !now.isBefore(silentFrom(state))) {
            flags.add(Flag.SILENT);
        }
        Instant forecast = completed ? null : forecast(state.getSamples());
        if (forecast != null && forecast.isAfter(dueEnd(initiative))) {
            flags.add(Flag.FORECAST_LATE);
        }
        if (state.getDeclaredHealth() == DeclaredHealth.ON_TRACK && health == Health.OFF_TRACK) {
            flags.add(Flag.DIVERGENT);
        }
        return new Verdict(progress, expected, health, flags, forecast);
    }

    /**
     * The moment an initiative is judged as of at {@code at}: a closed plan's initiatives
     * keep the verdict of the moment it closed.
     */
    static Instant asOf(Initiative initiative, Instant at) {
        Instant closed = initiative.getClosedAt();
        return closed != null && closed.isBefore(at) ? closed : at;
    }

    /**
     * Progress by measure; for a parent with children, the weighted mean of their
     * progress.
     */
    static double progress(InitiativeState state) {
        double weights = 0;
        double sum = 0;
        for (ChildProgress child : state.getChildren().values()) {
            weights += child.getWeight();
            sum += child.getWeight() * child.getProgress();
        }
        return weights > 0 ? sum / weights : Fold.progress(state);
    }

    Health health(Initiative initiative, double progress, double expected, boolean started, boolean completed,
            Instant now) {
        if (completed) {
            return Health.COMPLETED;
        }
        if (!started) {
            return progress > 0 ? Health.ON_TRACK : Health.NOT_STARTED;
        }
        if (!now.isBefore(dueEnd(initiative))) {
            return Health.OFF_TRACK;
        }
        if (expected <= 0) {
            return Health.ON_TRACK;
        }
        double shortfall = (expected - progress) / expected;
        // Boundaries are inclusive; without the tolerance, 0.35 against 0.5 computes as a
        // shortfall a rounding error over 0.3.
        if (shortfall <= rules.onTrackShortfall() + TOLERANCE) {
            return Health.ON_TRACK;
        }
        return shortfall <= rules.atRiskShortfall() + TOLERANCE ? Health.AT_RISK : Health.OFF_TRACK;
    }

    /**
     * 0-1 from the trajectory's points, linear between them; default linear from start to
     * the end of the due date.
     */
    double expected(Initiative initiative, Instant now) {
        List<double[]> points = new ArrayList<>();
        // A carried-over initiative's trajectory rises from where it starts.
        double baseline = initiative.getBaseline() == null ? 0.0 : clamp(initiative.getBaseline());
        Instant start = startOf(initiative.getStartDate());
        Instant due = dueEnd(initiative);
        List<TrajectoryPoint> trajectory = new ArrayList<>(initiative.getTrajectory());
        trajectory.sort(Comparator.comparing(TrajectoryPoint::getDate));
        if (trajectory.isEmpty() || startOf(trajectory.get(0).getDate()).isAfter(start)) {
            points.add(new double[] { start.toEpochMilli(), baseline });
        }
        for (TrajectoryPoint p : trajectory) {
            points.add(new double[] { startOf(p.getDate()).toEpochMilli(), p.getExpected() });
        }
        if (trajectory.isEmpty() || startOf(trajectory.get(trajectory.size() - 1).getDate()).isBefore(due)) {
            points.add(new double[] { due.toEpochMilli(), 1.0 });
        }
        if (now.isBefore(start)) {
            return baseline;
        }
        double t = now.toEpochMilli();
        if (t <= points.get(0)[0]) {
            return Math.max(baseline, clamp(points.get(0)[1]));
        }
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            if (t <= b[0]) {
                return Math.max(baseline,
                        clamp(b[0] == a[0] ? b[1] : a[1] + (b[1] - a[1]) * (t - a[0]) / (b[0] - a[0])));
            }
        }
        return Math.max(baseline, clamp(points.get(points.size() - 1)[1]));
    }

    /**
     * When a least-squares line through the latest progress samples reaches 1. Unknown
     * (null) with fewer than two distinct sample times, or when progress is not rising.
     */
    Instant forecast(List<ProgressSample> all) {
        List<ProgressSample> samples = all.subList(Math.max(0, all.size() - rules.forecastSamples()), all.size());
        if (samples.size() < 2) {
            return null;
        }
        // Centre the times so the squares stay well within double precision.
        double t0 = samples.get(samples.size() - 1).getAt().toEpochMilli();
        double n = samples.size();
        double sx = 0;
        double sy = 0;
        for (ProgressSample s : samples) {
            sx += s.getAt().toEpochMilli() - t0;
            sy += s.getProgress();
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double sxy = 0;
        for (ProgressSample s : samples) {
            double dx = s.getAt().toEpochMilli() - t0 - mx;
            sxx += dx * dx;
            sxy += dx * (s.getProgress() - my);
        }
        if (sxx == 0 || sxy <= 0) {
            return null;
        }
        double slope = sxy / sxx;
        double reachesOne = t0 + mx + (1.0 - my) / slope;
        if (!(reachesOne < FAR_FUTURE)) {
            return null; // so slow that it cannot be put as a date
        }
        return Instant.ofEpochMilli(Math.round(reachesOne));
    }

    Instant startOf(LocalDate date) {
        Instant start = starts.get(date);
        if (start == null) {
            if (starts.size() >= STARTS_KEPT) {
                starts.clear();
            }
            start = date.atStartOfDay(zone()).toInstant();
            starts.put(date, start);
        }
        return start;
    }

    Instant dueEnd(Initiative initiative) {
        return startOf(initiative.getDueDate().plusDays(1));
    }

    /** When it became (or will become) stalled: its stall clock plus stallAfterDays. */
    Instant stalledFrom(InitiativeState state) {
        return stallClock(state).plus(Duration.ofDays(state.getInitiative().getStallAfterDays()));
    }

    /**
     * When it became (or will become) silent: its latest news plus the silence allowance.
     */
    Instant silentFrom(InitiativeState state) {
        return silenceClock(state).plus(silentAfter(state.getInitiative()));
    }

    private Instant stallClock(InitiativeState state) {
        Instant start = startOf(state.getInitiative().getStartDate());
        Instant moved = state.getLastProgressAt();
        return moved == null || moved.isBefore(start) ? start : moved;
    }

    /**
     * Silence is about how old the latest news is: the latest report's occurredAt, not
     * when it arrived, so a backfill of old reports (an import) does not make an
     * initiative look current.
     */
    private Instant silenceClock(InitiativeState state) {
        Instant start = startOf(state.getInitiative().getStartDate());
        Instant heard = state.getLastReportAt();
        return heard == null || heard.isBefore(start) ? start : heard;
    }

    private Duration silentAfter(Initiative initiative) {
        return Duration
            .ofSeconds(Math.round(initiative.getReportingCadenceDays() * 86_400 * rules.silentAfterCadences()));
    }

    ZoneId zone() {
        return rules.zone();
    }

    private static double clamp(double v) {
        return Math.max(0.0, Math.min(1.0, v));
    }

}
