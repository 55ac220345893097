package org.planwatch.aggregator.view;

import java.util.Objects;

import org.planwatch.events.avro.InitiativeState;

/**
 * An initiative's folded state with what the rules make of it, as the metrics and status
 * API read it. Immutable, and replaced in the view on every change; equal when state and
 * verdict are.
 */
public final class InitiativeSnapshot {

    private final InitiativeState state;

    private final Verdict verdict;

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
