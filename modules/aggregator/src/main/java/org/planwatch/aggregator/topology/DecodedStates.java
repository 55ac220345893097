package org.planwatch.aggregator.topology;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.streams.state.KeyValueStore;
import org.planwatch.events.avro.InitiativeState;

/**
 * The state store of one task, with the states it has read or written kept decoded. Decoding an
 * initiative's state from the store on every event was about a sixth of the fold's time (JFR, see
 * BENCHMARKS.md); every write still goes to the store and its changelog.
 *
 * <p>Made afresh in each {@code init()}: Kafka Streams re-initializes a task's processors after it
 * rolls back an aborted transaction and restores the stores, so nothing an aborted transaction
 * wrote can be read from here. The states are shared with the view and never changed after
 * {@link #put} (the fold makes new ones).
 */
final class DecodedStates {

    private final KeyValueStore<String, InitiativeState> store;
    private final Map<String, InitiativeState> decoded = new HashMap<>();

    DecodedStates(KeyValueStore<String, InitiativeState> store) {
        this.store = store;
    }

    InitiativeState get(String initiativeId) {
        InitiativeState state = decoded.get(initiativeId);
        if (state == null) {
            state = store.get(initiativeId);
            if (state != null) {
                decoded.put(initiativeId, state);
            }
        }
        return state;
    }

    void put(InitiativeState state) {
        String id = state.getInitiative().getId();
        store.put(id, state);
        decoded.put(id, state);
    }

    void delete(String initiativeId) {
        store.delete(initiativeId);
        decoded.remove(initiativeId);
    }

    /** The store itself, for full scans (a scan decodes afresh). */
    KeyValueStore<String, InitiativeState> store() {
        return store;
    }
}
