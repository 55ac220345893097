package org.planwatch.aggregator.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Slip;

/**
 * What one task writes to {@code initiative-status}: the initiatives whose state or
 * verdict changed wait in the {@link StatusOutbox}, and each publication builds their
 * records from the state then (ADR 0001). Off, every call does nothing.
 */
final class StatusPublication {

    /**
     * Where a built record goes (the processor's forward, to the sink's topic extractor).
     */
    interface Out {

        void forward(String topic, String key, byte[] value, Instant at);

    }

    private final boolean enabled;

    private final Evaluator evaluator;

    private final StatusRecords records;

    private final StatusOutbox outbox = new StatusOutbox();

    private final AvroCodec<InitiativeStatus> codec = AvroCodec.of(InitiativeStatus.class);

    StatusPublication(boolean enabled, Evaluator evaluator, StatusRecords records) {
        this.enabled = enabled;
        this.evaluator = evaluator;
        this.records = records;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * The initiative changed at {@code at}: its status waits for the next publication.
     */
    void stage(String initiativeId, Instant at) {
        if (enabled) {
            outbox.put(initiativeId, at);
        }
    }

    /**
     * It left the catalog: its tombstone goes out now, and nothing waiting may follow it.
     */
    void remove(String initiativeId, Instant at, Out out) {
        if (enabled) {
            outbox.forget(initiativeId);
            out.forward(Topics.INITIATIVE_STATUS.name(), initiativeId, null, at);
        }
    }

    /**
     * The wall-clock pass moved the verdict: a status goes out only when what it says
     * moved (expected is rounded).
     */
    void stageIfMoved(InitiativeState state, Verdict was, Verdict is, List<Slip> slips, Instant now) {
        if (enabled && !records.of(state, is, state.getEvaluation(), slips, now)
            .equals(records.of(state, was, state.getEvaluation(), slips, now))) {
            outbox.put(state.getInitiative().getId(), now);
        }
    }

    /**
     * At least this many statuses a task may publish in a pass, however few events it
     * counted: more than a task's changes in a pass at the desk's goal rate (1,000
     * events/s over six tasks, two passes a second).
     */
    static final int FLOOR = 100;

    /**
     * A pass publishes at most one status for this many events counted since the last,
     * above {@link #FLOOR}: while a task reads a backlog, its statuses wait longer
     * instead of taking a growing share of the thread from the fold (at one per twenty
     * they took a fifth of it once an event cost a third of what it did, ADR 0016).
     */
    static final int EVENTS_PER_STATUS = 100;

    /** How many statuses a pass may publish after {@code counted} events. */
    static int budget(long counted) {
        return (int) Math.max(FLOOR, Math.min(Integer.MAX_VALUE, counted / EVENTS_PER_STATUS));
    }

    /**
     * Builds and forwards what has waited longest, at most {@code budget} (everything the
     * task owns waits at the first publication).
     */
    void publish(Instant now, int budget, DecodedStates states, Function<String, Optional<InitiativeSnapshot>> shown,
            Function<String, List<Slip>> slips, Out out) {
        if (outbox.wantsEverything()) {
            for (InitiativeState state : states.all()) {
                outbox.put(state.getInitiative().getId(), now);
            }
        }
        Map<String, Instant> waiting = outbox.drain(budget);
        for (Map.Entry<String, Instant> entry : waiting.entrySet()) {
            InitiativeState state = states.get(entry.getKey());
            if (state == null) {
                continue; // left the catalog since: its tombstone went out then
            }
            Verdict verdict = shown.apply(entry.getKey())
                .map(InitiativeSnapshot::verdict)
                .orElseGet(() -> evaluator.evaluate(state, now));
            InitiativeStatus status = records.of(state, verdict, state.getEvaluation(), slips.apply(entry.getKey()),
                    now);
            status.setChangedAt(entry.getValue());
            out.forward(Topics.INITIATIVE_STATUS.name(), entry.getKey(), codec.encode(status), now);
        }
    }

    /**
     * Streams' commit interval (its default 100 ms when unset): the pass's when no
     * interval of its own is given.
     */
    static Duration interval(ProcessorContext<?, ?> context) {
        Object configured = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        long ms = configured == null ? 100 : Long.parseLong(configured.toString());
        return Duration.ofMillis(Math.max(1, ms));
    }

}
