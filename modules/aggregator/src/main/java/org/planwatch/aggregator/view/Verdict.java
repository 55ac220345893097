package org.planwatch.aggregator.view;

import java.time.Instant;

/**
 * What the rules make of an initiative's state at a moment.
 *
 * @param progress 0-1, by its measure, or the weighted mean of its children when it has any
 * @param expected 0-1, from its trajectory (default linear from start to due) at the moment
 * @param forecastCompletion when progress reaches 1 at the recent pace; null when it cannot be known
 */
public record Verdict(double progress, double expected, Health health, boolean stalled, boolean silent,
        Instant forecastCompletion, boolean forecastLate, boolean divergent) {

    public double variance() {
        return progress - expected;
    }
}
