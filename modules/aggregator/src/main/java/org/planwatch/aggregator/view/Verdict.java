package org.planwatch.aggregator.view;

import java.time.Instant;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What the rules make of an initiative's state at a moment. Written the way a rule reads:
 * {@code Verdict.of(0.36, 0.16, OFF_TRACK).with(STALLED, DIVERGENT)}.
 *
 * @param progress 0-1, by its measure, or the weighted mean of its children when it has
 * any
 * @param expected 0-1, from its trajectory (default linear from start to due) at the
 * moment
 * @param flags the flags the rules raise; any other is down
 * @param forecastCompletion when progress reaches 1 at the recent pace; null when it
 * cannot be known
 */
public record Verdict(double progress, double expected, Health health, Set<Flag> flags, Instant forecastCompletion) {

    /** What the rules flag besides health. */
    public enum Flag {

        /** Started, not completed, and progress has not risen for the stall period. */
        STALLED,
        /** Started, not completed, and no report for the silence allowance. */
        SILENT,
        /** The forecast completion is after the due date. */
        FORECAST_LATE,
        /** Declared on track, computed off track. */
        DIVERGENT

    }

    /**
     * One immutable set per combination of flags, shared by every verdict that raises it.
     */
    private static final List<Set<Flag>> COMBINATIONS = IntStream.range(0, 1 << Flag.values().length)
        .<Set<Flag>>mapToObj(Raised::new)
        .toList();

    public Verdict {
        int raised = 0;
        for (Flag flag : flags) {
            raised |= 1 << flag.ordinal();
        }
        flags = COMBINATIONS.get(raised);
    }

    /** Progress, expectation and health, with no flag raised and no forecast. */
    public static Verdict of(double progress, double expected, Health health) {
        return new Verdict(progress, expected, health, Set.of(), null);
    }

    /** This verdict with {@code raised} raised too. */
    public Verdict with(Flag... raised) {
        Set<Flag> all = EnumSet.noneOf(Flag.class);
        all.addAll(flags);
        all.addAll(Arrays.asList(raised));
        return new Verdict(progress, expected, health, all, forecastCompletion);
    }

    /** This verdict with {@code completion} as its forecast. */
    public Verdict withForecast(Instant completion) {
        return new Verdict(progress, expected, health, flags, completion);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    public boolean stalled() {
        return has(Flag.STALLED);
    }

    public boolean silent() {
        return has(Flag.SILENT);
    }

    public boolean forecastLate() {
        return has(Flag.FORECAST_LATE);
    }

    public boolean divergent() {
        return has(Flag.DIVERGENT);
    }

    public double variance() {
        return progress - expected;
    }

    /**
     * Flags as bits: the rules and the scrape ask a verdict for its flags often, and a
     * bit is quick to read.
     */
    private static final class Raised extends AbstractSet<Flag> {

        private final int bits;

        private final List<Flag> flags;

        Raised(int bits) {
            this.bits = bits;
            this.flags = Arrays.stream(Flag.values()).filter(flag -> (bits >>> flag.ordinal() & 1) != 0).toList();
        }

        @Override
        public boolean contains(Object o) {
            return o instanceof Flag flag && (bits >>> flag.ordinal() & 1) != 0;
        }

        @Override
        public Iterator<Flag> iterator() {
            return flags.iterator();
        }

        @Override
        public int size() {
            return flags.size();
        }

    }
}
