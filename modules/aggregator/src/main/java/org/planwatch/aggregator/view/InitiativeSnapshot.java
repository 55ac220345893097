package org.planwatch.aggregator.view;

import java.util.Objects;

import org.planwatch.events.avro.InitiativeState;

/**
 * An initiative's folded state with what the rules make of it, as the metrics and status API read
 * it. Immutable but for the slot below, and replaced in the view on every change; equal when
 * state and verdict are.
 *
 * <p>It has one slot besides ({@link #rendering}): where the scrape keeps what it made of this very
 * snapshot, so that a scrape of 10,000 initiatives finds each rendering on the snapshot it already
 * holds instead of looking it up by id (those lookups were a fifth of the scrape's own work in its
 * profile, BENCHMARKS.md). The slot never takes part in equality.
 */
public final class InitiativeSnapshot {

    private final InitiativeState state;
    private final Verdict verdict;
    /**
     * Not volatile: what goes in is immutable (final fields only), so a thread that sees it sees it
     * whole, and one that does not yet makes an equal one again.
     */
    private Object rendering;

    public InitiativeSnapshot(InitiativeState state, Verdict verdict) {
        this.state = Objects.requireNonNull(state, "state");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
    }

    public InitiativeState state() {
        return state;
    }

    public Verdict verdict() {
        return verdict;
    }

    public String id() {
        return state.getInitiative().getId();
    }

    public double progress() {
        return verdict.progress();
    }

    /** What the scrape last kept on this snapshot, or null. */
    public Object rendering() {
        return rendering;
    }

    public void rendering(Object rendering) {
        this.rendering = rendering;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InitiativeSnapshot that && state.equals(that.state) && verdict.equals(that.verdict);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, verdict);
    }

    @Override
    public String toString() {
        return "InitiativeSnapshot[state=" + state + ", verdict=" + verdict + "]";
    }
}
