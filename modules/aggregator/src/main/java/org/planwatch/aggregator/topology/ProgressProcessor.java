package org.planwatch.aggregator.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.Topics;
import org.planwatch.events.UndecodableRecordException;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressEvent;

/**
 * Folds the catalog and the progress events of the initiatives this task owns into their state.
 * Reads raw bytes so that nothing on a topic can stop the stream: what cannot be decoded or
 * counted is forwarded, untouched and with the reason in its headers, to the dead-letter sink.
 * Everything it writes (stores, changelogs, dead letters, offsets) commits in one exactly-once
 * transaction.
 */
final class ProgressProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final char SEPARATOR = '\u0000';

    private final InitiativeView view;
    private final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);
    private final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    private ProcessorContext<byte[], byte[]> context;
    private TaskId task;
    private KeyValueStore<String, InitiativeState> states;
    private KeyValueStore<String, byte[]> counted;
    private KeyValueStore<String, Long> deadLetters;

    ProgressProcessor(InitiativeView view) {
        this.view = view;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.task = context.taskId();
        this.states = context.getStateStore(ProgressTopology.STATE_STORE);
        this.counted = context.getStateStore(ProgressTopology.COUNTED_STORE);
        this.deadLetters = context.getStateStore(ProgressTopology.DEAD_LETTER_STORE);
        // The stores are restored by now: publish what this task owns.
        try (KeyValueIterator<String, InitiativeState> all = states.all()) {
            all.forEachRemaining(kv -> publish(kv.value));
        }
        try (KeyValueIterator<String, Long> all = deadLetters.all()) {
            all.forEachRemaining(kv -> view.deadLetters(task, deadLetterKey(kv.key), kv.value));
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String topic = source.topic();
        if (record.key() == null) {
            deadLetter(record, source, DeadLetter.MISSING_KEY, "record has no key (the initiative id)");
            return;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        if (Topics.INITIATIVES.name().equals(topic)) {
            define(record, source, key);
        }
        else {
            count(record, source, key);
        }
    }

    private void define(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        if (record.value() == null) {
            // A tombstone takes the initiative out of the catalog; its counted events are kept.
            states.delete(key);
            view.remove(key);
            return;
        }
        Initiative initiative;
        try {
            initiative = initiatives.decode(record.value());
        }
        catch (UndecodableRecordException e) {
            deadLetter(record, source, DeadLetter.of(e.reason()), e.getMessage());
            return;
        }
        if (!key.equals(initiative.getId())) {
            deadLetter(record, source, DeadLetter.KEY_MISMATCH, "key " + key + " but id " + initiative.getId());
            return;
        }
        save(key, Fold.define(states.get(key), initiative));
    }

    private void count(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        ProgressEvent event;
        try {
            event = events.decode(record.value());
        }
        catch (UndecodableRecordException e) {
            deadLetter(record, source, DeadLetter.of(e.reason()), e.getMessage());
            return;
        }
        if (!key.equals(event.getInitiativeId())) {
            deadLetter(record, source, DeadLetter.KEY_MISMATCH, "key " + key + " but initiativeId " + event.getInitiativeId());
            return;
        }
        InitiativeState state = states.get(key);
        if (state == null) {
            deadLetter(record, source, DeadLetter.UNKNOWN_INITIATIVE, "initiative " + key + " is not in the catalog");
            return;
        }
        String impossible = impossibleValues(event);
        if (impossible != null) {
            deadLetter(record, source, DeadLetter.INVALID_VALUES, impossible);
            return;
        }
        String countedKey = key + SEPARATOR + event.getEventId();
        if (counted.get(countedKey) != null) {
            save(key, Fold.duplicate(state));
            return;
        }
        counted.put(countedKey, record.value());
        save(key, Fold.count(state, event));
    }

    /** Values no publisher would have let through; a direct producer might. */
    static String impossibleValues(ProgressEvent event) {
        Double percent = event.getPercentComplete();
        if (percent != null && !(percent >= 0 && percent <= 100)) {
            return "percentComplete " + percent + " is outside 0-100";
        }
        for (var kpi : event.getKpis().entrySet()) {
            if (kpi.getValue() == null || !Double.isFinite(kpi.getValue())) {
                return "kpi " + kpi.getKey() + " is not a finite number";
            }
        }
        if (event.getEventId().isEmpty()) {
            return "eventId is empty";
        }
        return null;
    }

    private void save(String key, InitiativeState state) {
        states.put(key, state);
        publish(state);
    }

    private void publish(InitiativeState state) {
        view.put(task, new InitiativeSnapshot(state, Fold.progress(state)));
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, DeadLetter reason, String detail) {
        String program = programLabel(source.topic());
        String storeKey = program + SEPARATOR + reason.code();
        Long count = deadLetters.get(storeKey);
        long next = count == null ? 1 : count + 1;
        deadLetters.put(storeKey, next);
        view.deadLetters(task, deadLetterKey(storeKey), next);
        context.forward(record.withHeaders(reason.headers(record.headers(), source, detail)));
    }

    /** Label values come from topic names, which only the project creates, never from payloads. */
    static String programLabel(String topic) {
        String program = Topics.programOf(topic);
        return program != null ? program : "catalog";
    }

    private static InitiativeView.DeadLetterKey deadLetterKey(String storeKey) {
        int at = storeKey.indexOf(SEPARATOR);
        return new InitiativeView.DeadLetterKey(storeKey.substring(0, at), storeKey.substring(at + 1));
    }

    @Override
    public void close() {
        view.release(task);
    }
}
