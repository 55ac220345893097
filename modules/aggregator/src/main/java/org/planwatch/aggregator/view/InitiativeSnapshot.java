package org.planwatch.aggregator.view;

import org.planwatch.events.avro.InitiativeState;

/** An initiative's folded state with what the rules make of it, as the metrics and status API read it. */
public record InitiativeSnapshot(InitiativeState state, Verdict verdict) {

    public String id() {
        return state.getInitiative().getId();
    }

    public double progress() {
        return verdict.progress();
    }
}
