package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.InitiativeSlips;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipRefusal;
import org.planwatch.events.avro.SupervisionEvent;

/**
 * Folds the steps of supervision slips ({@code supervision}) into each initiative's
 * slips, in the same task and transaction as its reports, and takes the steps the
 * {@link SlipClock} rules find due (written to {@code supervision} too, where they are
 * the record; read back, they are steps already taken).
 *
 * <p>
 * A slip is the fold of all its steps in time order, so steps that arrive shuffled or
 * twice give the same slip. Every step is kept (store {@code supervision-steps}, key
 * initiative, slip, event id); a slip is folded again from them when a step arrives. A
 * step its slip's state does not allow where it falls in time (sign twice, close before
 * an answer) is kept on the slip as refused, with why; steps for a slip not issued yet
 * wait for its issue, as orphan rollups wait for their parent.
 */
final class SlipHandler {

    /** What the handler needs from the task it works in. */
    interface Task {

        InitiativeState state(String initiativeId);

        void forward(String topic, String key, byte[] value, Instant at);

        void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, DeadLetter reason, String detail);

        /** The initiative's slips changed: its status waits for the next publication. */
        void changed(String initiativeId, Instant at);

        /** The slips the view shows for the initiative (empty when it has none). */
        void show(String initiativeId, List<Slip> slips);

    }

    /**
     * Steps of one slip in the order they happened; at the same moment, in the loop's
     * order.
     */
    static final Comparator<SupervisionEvent> IN_TIME = Comparator.comparing(SupervisionEvent::getOccurredAt)
        .thenComparing(SupervisionEvent::getKind)
        .thenComparing(SupervisionEvent::getEventId);

    private static final char SEPARATOR = ProgressProcessor.SEPARATOR;

    private final SlipClock clock;

    private final AvroCodec<SupervisionEvent> events = AvroCodec.of(SupervisionEvent.class);

    private final Map<String, List<Slip>> slips = new HashMap<>();

    private final KeyValueStore<String, InitiativeSlips> store;

    private final KeyValueStore<String, byte[]> steps;

    private final Task task;

    SlipHandler(SlipClock clock, KeyValueStore<String, InitiativeSlips> store, KeyValueStore<String, byte[]> steps,
            Task task) {
        this.clock = clock;
        this.store = store;
        this.steps = steps;
        this.task = task;
        try (KeyValueIterator<String, InitiativeSlips> all = store.all()) {
            all.forEachRemaining(kv -> slips.put(kv.key, kv.value.getSlips()));
        }
        slips.forEach(task::show);
    }

    List<Slip> of(String initiativeId) {
        return slips.getOrDefault(initiativeId, List.of());
    }

    /**
     * Whether the rules have anything to look at for this initiative (so the pass may
     * skip it).
     */
    boolean watches(String initiativeId) {
        return clock.issuesOnItsOwn() || slips.containsKey(initiativeId);
    }

    /** A record from {@code supervision}, decoded. */
    void fold(Record<byte[], byte[]> record, RecordMetadata source, String key, SupervisionEvent step) {
        InitiativeState state = task.state(key);
        if (state == null) {
            task.deadLetter(record, source, DeadLetter.UNKNOWN_INITIATIVE,
                    "initiative " + key + " is not in the catalog");
            return;
        }
        take(state, step, record.value());
    }

    /** The rules' steps for one initiative at {@code now}, each taken and written out. */
    void judge(InitiativeState state, List<ConditionSince> conditions, Instant now) {
        String id = state.getInitiative().getId();
        for (SupervisionEvent step : clock.due(state, of(id), conditions, now)) {
            byte[] value = events.encode(step);
            if (take(state, step, value)) {
                task.forward(Topics.SUPERVISION.name(), id, value, now);
            }
        }
    }

    /**
     * The initiative left the catalog: its slips leave the view (their steps stay, in the
     * store and on the topic).
     */
    void forget(String initiativeId) {
        if (slips.remove(initiativeId) != null) {
            store.delete(initiativeId);
        }
    }

    /**
     * @return false when the step had been taken already
     */
    private boolean take(InitiativeState state, SupervisionEvent step, byte[] value) {
        String id = state.getInitiative().getId();
        String slipPrefix = id + SEPARATOR + step.getSlipId() + SEPARATOR;
        String stepKey = slipPrefix + step.getEventId();
        if (steps.get(stepKey) != null) {
            return false; // sent twice, or a step of the rules read back
        }
        steps.put(stepKey, value);
        Slip slip = replay(slipPrefix, state.getInitiative().getDepartment());
        if (slip != null) {
            List<Slip> held = new ArrayList<>(of(id));
            held.removeIf(s -> s.getId().equals(slip.getId()));
            held.add(slip);
            held.sort(Comparator.comparing(Slip::getIssuedAt).thenComparing(Slip::getId));
            slips.put(id, List.copyOf(held));
            store.put(id, new InitiativeSlips(id, List.copyOf(held)));
            task.show(id, held);
            task.changed(id, step.getOccurredAt());
        }
        return true;
    }

    /** The slip folded from all its kept steps, or null while it has not been issued. */
    private Slip replay(String slipPrefix, String department) {
        List<SupervisionEvent> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = steps.prefixScan(slipPrefix, new StringSerializer())) {
            it.forEachRemaining(kv -> all.add(events.decode(kv.value)));
        }
        all.sort(IN_TIME);
        Slip slip = null;
        List<SlipRefusal> refused = new ArrayList<>();
        for (SupervisionEvent step : all) {
            String refusal = SlipSteps.refusal(slip, step);
            if (refusal == null) {
                slip = SlipSteps.apply(slip, step, department);
            }
            else {
                refused.add(new SlipRefusal(step.getEventId(), step.getKind(), step.getOccurredAt(), step.getActor(),
                        refusal));
            }
        }
        if (slip == null) {
            return null; // its issue has not arrived: the steps wait for it
        }
        slip.setRefused(refused);
        return slip;
    }

}
