package org.planwatch.bench;

import java.util.function.DoublePredicate;

/**
 * What a row's figure should reach, as the table states it ({@code text}) and as it is
 * judged ({@code met}, on the figure the row names: its ratio, a p99, a maximum).
 */
record Goal(String text, DoublePredicate met) {

    /**
     * Ours at least {@code minimum} times the limit or peer beside it: judged on the
     * row's ratio.
     */
    static Goal ratioAtLeast(double minimum) {
        return new Goal(String.format("≥ %.2f", minimum), ratio -> ratio >= minimum);
    }

    /**
     * A figure at most {@code maximum}, stated as {@code text} (a figure that could not
     * be read is not met).
     */
    static Goal atMost(String text, double maximum) {
        return new Goal(text, figure -> figure <= maximum);
    }

    /**
     * Null when there is no figure to judge (its peer is missing): the table then leaves
     * the verdict empty.
     */
    Boolean judge(Double figure) {
        return figure == null ? null : met.test(figure);
    }
}
