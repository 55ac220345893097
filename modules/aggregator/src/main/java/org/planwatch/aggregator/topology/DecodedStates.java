package org.planwatch.aggregator.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The states of one task: in the stores, and kept decoded (ADR 0005). An initiative's
 * state is stored without its catalog entry, which has a store of its own written only
 * when the entry changes: the state is written on every counted event, and the entry
 * rarely changes. The states handed out carry their catalog entry.
 *
 * <p>
 * Every state read or written is kept decoded, so an event costs no decode, and
 * {@link #loadAll} keeps all of them. A put is kept, and the last state of each
 * initiative is serialized and written (so logged) once per commit, by
 * {@link #writeChanged}, which the task calls right before Streams commits, once it has
 * judged what changed (ADR 0010, 0020). Made afresh in each {@code init()}: Kafka Streams
 * re-initializes a task's processors after it rolls back an aborted transaction and
 * restores the stores, so nothing an aborted transaction wrote can be read from here. A
 * state is never changed once the view has it (the fold makes new ones).
 *
 * <p>
 * A state written before the catalog had its own store (version 1 of
 * {@code InitiativeState}) carries its entry; its next write moves the entry to the
 * catalog store.
 */
final class DecodedStates {

    private static final Logger LOG = LoggerFactory.getLogger(DecodedStates.class);

    private final KeyValueStore<String, InitiativeState> store;

    private final KeyValueStore<String, Initiative> catalog;

    private final Map<String, InitiativeState> decoded = new HashMap<>();

    /**
     * Read from version 1 states, which carry their entry: written to the catalog store
     * at their next put.
     */
    private final Set<String> entryInStateOnly = new HashSet<>();

    /** States read without an entry anywhere, logged once each. */
    private final Set<String> withoutEntry = new HashSet<>();

    /** Initiatives whose state was put since the last {@link #writeChanged}. */
    private final Set<String> changed = new HashSet<>();

    DecodedStates(KeyValueStore<String, InitiativeState> store, KeyValueStore<String, Initiative> catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /**
     * The state store's serde: a state is written without its catalog entry, so a state
     * put whole is copied without it once per write, not once per event.
     */
    static Serde<InitiativeState> serde() {
        AvroSerde<InitiativeState> avro = new AvroSerde<>(InitiativeState.class);
        Serializer<InitiativeState> whole = avro.serializer();
        Serializer<InitiativeState> withoutEntry = (topic, state) -> {
            if (state == null || state.getInitiative() == null) {
                return whole.serialize(topic, state);
            }
            InitiativeState stored = Fold.copy(state);
            stored.setInitiative(null);
            return whole.serialize(topic, stored);
        };
        return Serdes.serdeFrom(withoutEntry, avro.deserializer());
    }

    InitiativeState get(String initiativeId) {
        InitiativeState state = decoded.get(initiativeId);
        if (state == null) {
            InitiativeState stored = store.get(initiativeId);
            state = stored == null ? null : joined(initiativeId, stored);
            if (state != null) {
                decoded.put(initiativeId, state);
            }
        }
        return state;
    }

    void put(InitiativeState state) {
        String id = state.getInitiative().getId();
        InitiativeState before = decoded.get(id);
        boolean fromVersionOne = entryInStateOnly.remove(id);
        // The fold shares the entry between a state and the next (an entry is never
        // changed in place); a definition makes a new one.
        if (fromVersionOne || before == null || before.getInitiative() != state.getInitiative()) {
            catalog.put(id, state.getInitiative());
        }
        decoded.put(id, state);
        changed.add(id);
    }

    /**
     * A state the fold made from the one kept, with the same catalog entry: kept, for
     * {@link #writeChanged}.
     */
    void fold(InitiativeState state) {
        String id = state.getInitiative().getId();
        if (!entryInStateOnly.isEmpty() && entryInStateOnly.contains(id)) {
            put(state);
            return;
        }
        decoded.put(id, state);
        changed.add(id);
    }

    /**
     * Serializes and writes the last state of each initiative put since the last call;
     * its serde leaves the entry out ({@link #serde()}). Called in Streams'
     * {@code prepareCommit}, so what it writes commits with the input it came from.
     */
    void writeChanged() {
        if (changed.isEmpty()) {
            return;
        }
        List<KeyValue<String, InitiativeState>> entries = new ArrayList<>(changed.size());
        for (String id : changed) {
            entries.add(KeyValue.pair(id, decoded.get(id)));
        }
        changed.clear();
        store.putAll(entries);
    }

    void delete(String initiativeId) {
        changed.remove(initiativeId);
        store.delete(initiativeId);
        catalog.delete(initiativeId);
        decoded.remove(initiativeId);
    }

    /**
     * Reads every state of the task from the store and keeps them all; after this,
     * {@link #all} needs no store.
     */
    List<InitiativeState> loadAll() {
        decoded.clear();
        changed.clear();
        try (KeyValueIterator<String, InitiativeState> all = store.all()) {
            all.forEachRemaining(kv -> {
                InitiativeState state = joined(kv.key, kv.value);
                if (state != null) {
                    decoded.put(kv.key, state);
                }
            });
        }
        return all();
    }

    /** Every state of the task (all are kept since {@link #loadAll}), as a copy. */
    List<InitiativeState> all() {
        return new ArrayList<>(decoded.values());
    }

    private InitiativeState joined(String initiativeId, InitiativeState stored) {
        if (stored.getInitiative() != null) {
            // Version 1: the entry moves to its store with the state's next write (not
            // here: this runs in init() too, where a store write has no record to take
            // its context from).
            entryInStateOnly.add(initiativeId);
            return stored;
        }
        Initiative initiative = catalog.get(initiativeId);
        if (initiative == null) {
            // Under exactly-once both stores commit together, and the entry is written
            // before the state; at-least-once after a crash might not have it. Read as
            // not in the catalog (its events are dead-lettered with that reason until the
            // entry is published again) rather than fail the task on every restart.
            if (withoutEntry.add(initiativeId)) {
                LOG.error("The stored state of {} has no catalog entry in {}; it is read as not in the catalog",
                        initiativeId, ProgressTopology.CATALOG_STORE);
            }
            return null;
        }
        stored.setInitiative(initiative);
        return stored;
    }

}
