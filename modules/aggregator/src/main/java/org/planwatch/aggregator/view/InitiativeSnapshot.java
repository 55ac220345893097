package org.planwatch.aggregator.view;

import org.planwatch.events.avro.InitiativeState;

/** An initiative's folded state with the figures derived from it, as the metrics and status API read it. */
public record InitiativeSnapshot(InitiativeState state, double progress) {

    public String id() {
        return state.getInitiative().getId();
    }
}
