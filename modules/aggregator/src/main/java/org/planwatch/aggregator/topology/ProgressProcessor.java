package org.planwatch.aggregator.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.Topics;
import org.planwatch.events.UndecodableRecordException;
import org.planwatch.events.avro.ChildProgress;
import org.planwatch.events.avro.Evaluation;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.ProgressSample;
import org.planwatch.events.avro.RollupUpdate;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SupervisionEvent;

/**
 * Folds the catalog, the progress events and the children's rollups of the initiatives
 * this task owns into their state, judges them (after each change, and against the wall
 * clock every evaluation interval), and says what changed: condition changes to
 * {@code initiative-alerts}, progress changes of a child to its parent's partition on
 * {@code initiative-rollups}, and the latest judged state of each initiative whose state
 * or verdict changed to {@code initiative-status} (once per publication interval, see
 * {@link StatusOutbox}). Supervision slips have a handler of their own
 * ({@link SlipHandler}) over the same task.
 *
 * <p>
 * Reads raw bytes, so nothing on a topic can stop the stream: what cannot be decoded or
 * counted is forwarded, untouched and with the reason in its headers, to
 * {@code progress.dlt} (ADR 0004). Everything it writes (stores, changelogs, output
 * records, offsets) commits in one exactly-once transaction; the view (the status API and
 * the metrics) shows it once that commit is done ({@link CommittedView}, ADR 0017).
 */
final class ProgressProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    static final char SEPARATOR = '\u0000';

    /**
     * Header naming the topic a forwarded record goes to (read by the sink's topic
     * extractor).
     */
    static final String DESTINATION = "planwatch.destination";

    /** The commit pass's tick: how far apart a thread's tasks may pass in one slot. */
    private static final Duration MIN_TICK = Duration.ofMillis(10);

    private final InitiativeView view;

    private final Evaluator evaluator;

    private final Duration evaluationInterval;

    private final AvroCodec<Initiative> initiatives = AvroCodec.of(Initiative.class);

    private final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    private final AvroCodec<RollupUpdate> rollups = AvroCodec.of(RollupUpdate.class);

    private final Transitions transitions = new Transitions();

    private final StatusRecords statusRecords;

    private final StatusPublication statuses;

    private final SlipClock slipClock;

    private final AvroCodec<SupervisionEvent> supervisionEvents = AvroCodec.of(SupervisionEvent.class);

    private SlipHandler slips;

    /** The way to the view: what this task changes shows once committed (ADR 0017). */
    private CommittedView shown;

    /**
     * An initiative changed since it was last judged: the state it was judged in (null if
     * never), when the first change since began, and whether its definition changed.
     */
    private record Unjudged(InitiativeState judged, Instant changedAt, boolean definitionChanged) {
    }

    /**
     * The initiatives changed since they were last judged, each judged once before the
     * commit they go with (ADR 0020).
     */
    private final Map<String, Unjudged> unjudged = new LinkedHashMap<>();

    private ProcessorContext<byte[], byte[]> context;

    /** This processor's node, from which what is judged before a commit is forwarded. */
    private ProcessorNode<?, ?, ?, ?> node;

    private TaskId task;

    private DecodedStates states;

    private CountedEvents counted;

    /** Where events were counted before {@link CountedEvents} (ADR 0019). */
    private KeyValueStore<String, byte[]> countedBefore;

    private KeyValueStore<String, byte[]> orphans;

    private KeyValueStore<String, Long> deadLetters;

    private final CommitCadence cadence;

    private final ThreadCommits commits;

    /** The commit cadence's interval, and the slot of it this task last passed in. */
    private Duration passInterval;

    private long passSlot;

    /** When this task last passed in full (not waiting while it catches up). */
    private Instant lastPass;

    /**
     * Whether anything was processed or sent since the last commit this task requested.
     */
    private boolean changed;

    /**
     * Records processed since the last commit pass: what the statuses' budget follows,
     * and whether the task is catching up.
     */
    private long processed;

    /**
     * The newest timestamp of the reports processed since the last pass, 0 if none: how
     * far behind the task reads.
     */
    private long newestReport;

    /** Whether the task read a backlog at its last pass, or since (ADR 0016). */
    private boolean catchingUp;

    ProgressProcessor(InitiativeView view, Evaluator evaluator, Duration evaluationInterval, boolean publishStatus,
            SlipClock slipClock, CommitCadence cadence, ThreadCommits commits) {
        this.slipClock = slipClock;
        this.cadence = cadence;
        this.commits = commits;
        this.view = view;
        this.evaluator = evaluator;
        this.evaluationInterval = evaluationInterval;
        this.statusRecords = new StatusRecords(evaluator);
        this.statuses = new StatusPublication(publishStatus, evaluator, statusRecords);
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.task = context.taskId();
        // Streams sets the node being initialized as the current one. (A test's mock
        // context is no Streams context, and forwards without a node.)
        this.node = context instanceof InternalProcessorContext<?, ?> internal ? internal.currentNode() : null;
        unjudged.clear();
        this.states = new DecodedStates(context.getStateStore(ProgressTopology.STATE_STORE),
                context.getStateStore(ProgressTopology.CATALOG_STORE));
        this.counted = context.getStateStore(ProgressTopology.COUNTED_STORE);
        this.countedBefore = context.getStateStore(ProgressTopology.EVENT_KEYED_COUNTED_STORE);
        counted.takeEarlierFrom(this::takeCountedBefore);
        this.orphans = context.getStateStore(ProgressTopology.ORPHAN_STORE);
        this.deadLetters = context.getStateStore(ProgressTopology.DEAD_LETTER_STORE);
        this.shown = context.getStateStore(ProgressTopology.VIEW_STORE);
        shown.attach(view, task);
        shown.beforeCommit(this::beforeCommit);
        // The stores are restored by now: publish what this task owns.
        try (KeyValueIterator<String, Long> all = deadLetters.all()) {
            all.forEachRemaining(kv -> shown.deadLetters(deadLetterKey(kv.key), kv.value));
        }
        this.slips = new SlipHandler(slipClock, context.getStateStore(ProgressTopology.SLIP_STORE),
                context.getStateStore(ProgressTopology.STEP_STORE), new SlipTask());
        // Nothing may be forwarded from init(): publish the verdicts now, announce
        // changes at the first punctuation. The stream time clock is not set in init():
        // judge by the machine's clock until the first punctuation.
        Instant now = Instant.now();
        for (InitiativeState state : states.loadAll()) {
            shown.put(new InitiativeSnapshot(state, evaluator.evaluate(state, now)));
        }
        // All of it was read from the stores, so committed: shown at once.
        shown.publishRestored();
        // Stalled and silent are about time passing: re-judge everything on the wall
        // clock.
        context.schedule(evaluationInterval, PunctuationType.WALL_CLOCK_TIME,
                ms -> evaluateAll(Instant.ofEpochMilli(ms)));
        // The commit pass drives the commits, with the topic or without it: statuses go
        // out, then a commit is requested if anything changed (ADR 0001). Passes fall in
        // slots counted from the epoch, so all the thread's tasks pass within a tick of
        // each other and share one commit (ThreadCommits).
        passInterval = cadence.interval() != null ? cadence.interval() : StatusPublication.interval(context);
        lastPass = Instant.ofEpochMilli(context.currentSystemTimeMs());
        passSlot = ThreadCommits.slot(lastPass, passInterval);
        Duration tick = passInterval.dividedBy(10).compareTo(MIN_TICK) < 0 ? MIN_TICK : passInterval.dividedBy(10);
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        shown.publish();
        changed = true;
        processed++;
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
        else if (Topics.ROLLUPS.name().equals(topic)) {
            rollup(record, source, key);
        }
        else if (Topics.SUPERVISION.name().equals(topic)) {
            SupervisionEvent step = decodeKeyed(record, source, key, supervisionEvents,
                    SupervisionEvent::getInitiativeId, "initiativeId");
            if (step != null) {
                slips.fold(record, source, key, step);
            }
        }
        else {
            count(record, source, key);
        }
    }

    private void define(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        InitiativeState before = states.get(key);
        if (record.value() == null) {
            // A tombstone takes the initiative out of the catalog (and out of its
            // parent); its events are kept.
            if (before != null) {
                states.delete(key);
                unjudged.remove(key);
                slips.forget(key);
                shown.remove(key);
                statuses.remove(key, now(), this::forward);
                leaveParent(before.getInitiative());
            }
            return;
        }
        Initiative initiative = decodeKeyed(record, source, key, initiatives, Initiative::getId, "id");
        if (initiative == null) {
            return;
        }
        if (before != null && !Objects.equals(before.getInitiative().getParentId(), initiative.getParentId())) {
            leaveParent(before.getInitiative());
        }
        InitiativeState defined = Fold.define(before, initiative);
        if (before == null) {
            defined.setChildren(adoptOrphans(key));
            defined.setProgressPerReport(defined.getChildren().isEmpty());
        }
        // A new definition (targets, milestones) changes what every report meant:
        // recompute from all of them.
        List<ProgressEvent> history = countedEvents(key);
        save(before, history.isEmpty() && before == null ? defined : Fold.replay(defined, history), true);
    }

    /** Children that reported to this parent before it was in the catalog. */
    private Map<String, ChildProgress> adoptOrphans(String parentId) {
        Map<String, ChildProgress> children = new HashMap<>();
        List<String> adopted = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = orphans.prefixScan(parentId + SEPARATOR, new StringSerializer())) {
            it.forEachRemaining(kv -> {
                RollupUpdate update = rollups.decode(kv.value);
                children.put(update.getChildId(), new ChildProgress(update.getWeight(), update.getProgress()));
                adopted.add(kv.key);
            });
        }
        adopted.forEach(orphans::delete);
        return children;
    }

    private void count(Record<byte[], byte[]> record, RecordMetadata source, String key) {
        newestReport = Math.max(newestReport, record.timestamp());
        ProgressEvent event = decodeKeyed(record, source, key, events, ProgressEvent::getInitiativeId, "initiativeId");
        if (event == null) {
            return;
        }
        InitiativeState state = states.get(key);
        if (state == null) {
            deadLetter(record, source, DeadLetter.UNKNOWN_INITIATIVE, "initiative " + key + " is not in the catalog");
            return;
        }
        String department = Topics.departmentOf(source == null ? null : source.topic());
        Initiative definition = state.getInitiative();
        if (department != null && !department.equals(definition.getDepartment())
                && !definition.getSupportingDepartments().contains(department)) {
            // The topic proves who sent it: a department's system may report on what its
            // department owns or supports only.
            deadLetter(record, source, DeadLetter.WRONG_DEPARTMENT, "reports." + department + " may not report on "
                    + key + ", which " + definition.getDepartment() + " owns");
            return;
        }
        Instant closed = definition.getClosedAt();
        Instant received = event.getReceivedAt() != null ? event.getReceivedAt()
                : Instant.ofEpochMilli(record.timestamp());
        if (closed != null && received.isAfter(closed)) {
            // Its final verdict stands: a report the plan's close came before is kept
            // for whoever follows it up, not counted.
            deadLetter(record, source, DeadLetter.PLAN_CLOSED,
                    "the plan of initiative " + key + " closed at " + closed + ", before this report arrived");
            return;
        }
        String impossible = impossibleValues(event);
        if (impossible != null) {
            deadLetter(record, source, DeadLetter.INVALID_VALUES, impossible);
            return;
        }
        CountedEvents.Kept kept = counted.keep(key,
                new CountedEvents.Entry(event.getEventId(), event.getSupersedes(), record.value()));
        if (kept == CountedEvents.Kept.ALREADY_COUNTED) {
            save(state, Fold.duplicate(state), false);
            return;
        }
        boolean correction = event.getSupersedes() != null;
        boolean alreadyCorrected = kept == CountedEvents.Kept.NEW_CORRECTED;
        InitiativeState next = correction || alreadyCorrected ? null
                : Fold.countable(state, event) ? countInOrder(key, state, event) : Fold.countLate(state, event);
        if (next == null) {
            next = Fold.replay(state, countedEvents(key));
        }
        // For the desk's delay: the change began when the publisher received the report.
        save(state, next, false, event.getReceivedAt() != null ? event.getReceivedAt() : now());
        if (event.getReceivedAt() != null) {
            // The machine's clock, not the task's cached one: this measures the
            // pipeline's delay.
            view.counted(Duration.ofMillis(System.currentTimeMillis() - event.getReceivedAt().toEpochMilli()));
        }
    }

    /**
     * A state folded since it was last judged is the task's alone (the view and the store
     * get it at the judgement before the commit): it is counted into in place.
     */
    private InitiativeState countInOrder(String key, InitiativeState state, ProgressEvent event) {
        return unjudged.containsKey(key) ? Fold.countInPlace(state, event) : Fold.count(state, event);
    }

    /**
     * The record's value decoded, or null once it has been dead-lettered: undecodable, or
     * naming another id than its key (which decides the partition, and so the task and
     * store it lands in).
     */
    private <T extends SpecificRecord> T decodeKeyed(Record<byte[], byte[]> record, RecordMetadata source, String key,
            AvroCodec<T> codec, Function<T, String> idOf, String idName) {
        T value;
        try {
            value = codec.decode(record.value());
        }
        catch (UndecodableRecordException e) {
            deadLetter(record, source, DeadLetter.of(e.reason()), e.getMessage());
            return null;
        }
        if (!key.equals(idOf.apply(value))) {
            deadLetter(record, source, DeadLetter.KEY_MISMATCH,
                    "key " + key + " but " + idName + " " + idOf.apply(value));
            return null;
        }
        return value;
    }

    /** Every counted event of one initiative. */
    List<ProgressEvent> countedEvents(String initiativeId) {
        List<ProgressEvent> all = new ArrayList<>();
        for (byte[] value : counted.values(initiativeId)) {
            all.add(events.decode(value));
        }
        return all;
    }

    /**
     * The initiative's events in the store keyed by initiative and event, taken out of it
     * (ADR 0019): the first time the task meets an initiative, they move to its next
     * chunk.
     */
    private List<CountedEvents.Entry> takeCountedBefore(String initiativeId) {
        List<CountedEvents.Entry> taken = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = countedBefore.prefixScan(initiativeId + SEPARATOR,
                new StringSerializer())) {
            it.forEachRemaining(kv -> {
                ProgressEvent event = events.decode(kv.value);
                taken.add(new CountedEvents.Entry(event.getEventId(), event.getSupersedes(), kv.value));
                keys.add(kv.key);
            });
        }
        keys.forEach(countedBefore::delete);
        return taken;
    }

    private void rollup(Record<byte[], byte[]> record, RecordMetadata source, String parentId) {
        RollupUpdate update = decodeKeyed(record, source, parentId, rollups, RollupUpdate::getParentId, "parentId");
        if (update == null) {
            return;
        }
        InitiativeState parent = states.get(parentId);
        if (parent == null) {
            // The child came into the catalog first: keep its progress until the parent
            // arrives.
            String orphanKey = parentId + SEPARATOR + update.getChildId();
            if (update.getWeight() > 0) {
                orphans.put(orphanKey, record.value());
            }
            else {
                orphans.delete(orphanKey);
            }
            return;
        }
        InitiativeState next = Fold.copy(parent);
        Map<String, ChildProgress> children = new HashMap<>(parent.getChildren());
        if (update.getWeight() > 0) {
            children.put(update.getChildId(), new ChildProgress(update.getWeight(), update.getProgress()));
        }
        else {
            children.remove(update.getChildId());
        }
        next.setChildren(children);
        // Its samples come from its children now, even once the last has left.
        next.setProgressPerReport(false);
        double before = Evaluator.progress(parent);
        double after = Evaluator.progress(next);
        if (after != before) {
            // A parent's samples are its rolled-up progress when a child's change reached
            // it.
            Instant at = Instant.ofEpochMilli(record.timestamp());
            next.setSamples(Fold.withSample(parent.getSamples(), new ProgressSample(at, after)));
            if (after > before) {
                next.setLastProgressAt(at);
            }
        }
        save(parent, next, false);
    }

    private void save(InitiativeState before, InitiativeState state, boolean definitionChanged) {
        save(before, state, definitionChanged, now());
    }

    /**
     * The initiative's new state: kept, and judged once before the commit it goes with,
     * however many records changed it since it was last judged (ADR 0020).
     */
    private void save(InitiativeState before, InitiativeState state, boolean definitionChanged, Instant changedAt) {
        if (definitionChanged) {
            states.put(state);
        }
        else {
            states.fold(state);
        }
        String id = state.getInitiative().getId();
        Unjudged waiting = unjudged.get(id);
        if (waiting == null) {
            unjudged.put(id, new Unjudged(before, changedAt, definitionChanged));
        }
        else if (definitionChanged && !waiting.definitionChanged()) {
            unjudged.put(id, new Unjudged(waiting.judged(), waiting.changedAt(), true));
        }
    }

    /**
     * Right before each commit of the task's transaction (CommittedView.flushCache, in
     * Streams' prepareCommit): what changed since it was last judged is judged, its
     * alerts and rollups forwarded, and the states written, all into that transaction.
     */
    private void beforeCommit() {
        if (!unjudged.isEmpty()) {
            Instant now = now();
            if (context instanceof InternalProcessorContext<?, ?> internal) {
                fromThisNode(internal, now, () -> judgeChanged(now));
            }
            else {
                judgeChanged(now); // a test's mock context forwards without a node
            }
        }
        states.writeChanged();
        // Everything this task did so far is in this commit.
        changed = false;
    }

    /**
     * Runs {@code step} as Streams runs a punctuation: from this processor's node, with
     * no input record behind what it forwards; then puts both back.
     */
    private void fromThisNode(InternalProcessorContext<?, ?> internal, Instant now, Runnable step) {
        ProcessorNode<?, ?, ?, ?> current = internal.currentNode();
        ProcessorRecordContext recordContext = internal.recordContext();
        internal.setRecordContext(new ProcessorRecordContext(now.toEpochMilli(), -1L, -1, null, new RecordHeaders()));
        internal.setCurrentNode(node);
        try {
            step.run();
        }
        finally {
            internal.setCurrentNode(current);
            internal.setRecordContext(recordContext);
        }
    }

    /** Judges every initiative changed since it was last judged. */
    private void judgeChanged(Instant now) {
        if (unjudged.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Unjudged> entry : unjudged.entrySet()) {
            judgeChange(entry.getKey(), entry.getValue(), now);
        }
        unjudged.clear();
    }

    /** Judges one initiative now if it changed since it was last judged. */
    private void judgeChanged(String initiativeId) {
        Unjudged change = unjudged.remove(initiativeId);
        if (change != null) {
            judgeChange(initiativeId, change, now());
        }
    }

    /**
     * The verdict on the initiative's state (alerts if its condition changed), for the
     * view and the status topic; its new progress to its parent.
     */
    private void judgeChange(String initiativeId, Unjudged change, Instant now) {
        InitiativeState state = states.get(initiativeId);
        if (state == null) {
            return;
        }
        Verdict verdict = evaluator.evaluate(state, now);
        if (!transitions.sameCondition(state.getEvaluation(), verdict)) {
            // The state is not shown yet, nor written: it records its condition in place.
            judge(state, verdict, transitions.evaluation(state.getEvaluation(), verdict, now), now);
        }
        shown.put(new InitiativeSnapshot(state, verdict));
        stage(state, change.changedAt());
        Initiative initiative = state.getInitiative();
        if (initiative.getParentId() != null) {
            double was = change.judged() == null ? Double.NaN : Evaluator.progress(change.judged());
            if (change.definitionChanged() || was != verdict.progress()) {
                // Stamped with the child's latest news, so the parent's samples and stall
                // clock follow when things happened, not when they were processed.
                Instant at = state.getLastReportAt() != null ? state.getLastReportAt() : now;
                forward(Topics.ROLLUPS.name(), initiative.getParentId(),
                        rollups.encode(new RollupUpdate(initiative.getParentId(), initiative.getId(),
                                initiative.getWeight(), verdict.progress())),
                        at);
            }
        }
    }

    private void leaveParent(Initiative initiative) {
        if (initiative.getParentId() != null) {
            forward(Topics.ROLLUPS.name(), initiative.getParentId(),
                    rollups.encode(new RollupUpdate(initiative.getParentId(), initiative.getId(), 0.0, 0.0)), now());
        }
    }

    /**
     * Records the verdict in the state; each change of condition goes out as an alert.
     * {@code evaluation} is {@code transitions.evaluation(verdict, now)}, which the
     * caller may already have.
     */
    private void judge(InitiativeState state, Verdict verdict, Evaluation evaluation, Instant now) {
        for (var alert : transitions.between(state, state.getEvaluation(), verdict, now)) {
            forward(Topics.INITIATIVE_ALERTS.name(), state.getInitiative().getId(),
                    Topics.INITIATIVE_ALERTS.valueSerde()
                        .serializer()
                        .serialize(Topics.INITIATIVE_ALERTS.name(), alert),
                    now);
        }
        if (!transitions.sameCondition(state.getEvaluation(), evaluation)) {
            state.setEvaluation(evaluation);
        }
    }

    /**
     * Re-judges every initiative of this task at {@code now}; writes only those whose
     * condition changed.
     */
    private void evaluateAll(Instant now) {
        shown.publish();
        judgeChanged(now);
        for (InitiativeState kept : states.all()) {
            Verdict verdict = evaluator.evaluate(kept, now);
            var evaluation = transitions.evaluation(kept.getEvaluation(), verdict, now);
            if (slips.watches(kept.getInitiative().getId())) {
                slips.judge(kept, statusRecords.conditions(kept, verdict, evaluation, now), now);
            }
            if (!transitions.sameCondition(kept.getEvaluation(), evaluation)) {
                // The condition changed: alerts go out and the state records it, on a
                // copy (the kept state is shared with the view, which never sees a state
                // change).
                InitiativeState state = Fold.copy(kept);
                judge(state, verdict, evaluation, now);
                states.put(state);
                shown.put(new InitiativeSnapshot(state, verdict));
                stage(state, now);
                continue;
            }
            // Same condition: no alert, nothing to write; the view gets the new verdict
            // if it moved.
            InitiativeSnapshot last = shown.get(kept.getInitiative().getId()).orElse(null);
            if (last == null || last.state() != kept && !last.state().equals(kept)) {
                shown.put(new InitiativeSnapshot(kept, verdict));
                stage(kept, now);
                continue;
            }
            if (!last.verdict().equals(verdict)) {
                // The state shown is this one: keep its object, so the scrape renders
                // again only the families that read what moved in the verdict (metrics'
                // Rendering).
                publishIfMoved(kept, last.verdict(), verdict, now);
                shown.put(new InitiativeSnapshot(last.state(), verdict));
            }
            // else nothing changed: the snapshot shown, and its kept rendering, stay.
        }
        shown.evaluated();
    }

    /** The state's status waits for the next publication, which builds it. */
    private void stage(InitiativeState state, Instant changedAt) {
        statuses.stage(state.getInitiative().getId(), changedAt);
    }

    private void publishIfMoved(InitiativeState state, Verdict was, Verdict is, Instant now) {
        statuses.stageIfMoved(state, was, is, slips.of(state.getInitiative().getId()), now);
    }

    /** The commit pass, at the first tick in each slot of the interval. */
    private void tick(long ms) {
        Instant now = Instant.ofEpochMilli(ms);
        long slot = ThreadCommits.slot(now, passInterval);
        if (slot > passSlot) {
            passSlot = slot;
            commitPass(now, slot);
        }
    }

    /**
     * Statuses out (those that waited longest, within a budget that grows with the events
     * counted since the last pass), then the thread's commit of everything since the last
     * one, so readers see them at once (the first of its tasks to pass in the slot asks
     * for it, ADR 0018). Streams' timed commit (commit.interval.ms) is a fallback well
     * beyond this pass: a requested commit does not move its clock, and two cadences
     * would commit twice as often (ADR 0001). While the task catches up, the pass waits
     * for the longer interval (ADR 0016).
     */
    private void commitPass(Instant now, long slot) {
        shown.publish();
        // From this task's own last pass: from the thread's last commit, a task reading a
        // backlog beside live ones (which commit the thread every slot) would never pass.
        Duration behind = newestReport == 0 ? Duration.ZERO : Duration.ofMillis(now.toEpochMilli() - newestReport);
        boolean reading = cadence.reading(processed, Duration.between(lastPass, now), passInterval, behind);
        if (cadence.waits(catchingUp || reading, lastPass, now)) {
            // Catching up: the states and statuses of more records go out at once. It
            // stays so until a whole catch-up slot reads below the rate: polls feed the
            // tasks in bursts, and one slot without its share must not commit the thread.
            catchingUp = true;
            return;
        }
        catchingUp = reading;
        lastPass = now;
        judgeChanged(now);
        if (statuses.enabled()) {
            statuses.publish(now, StatusPublication.budget(processed), states, shown::get, slips::of, this::forward);
        }
        processed = 0;
        newestReport = 0;
        // Another task's request in this slot commits this one's changes too; those
        // since then go with the thread's next commit.
        if (changed && commits.current().claim(slot)) {
            context.commit();
            changed = false;
        }
    }

    /** What the slips' handler needs of this task. */
    private final class SlipTask implements SlipHandler.Task {

        @Override
        public InitiativeState state(String initiativeId) {
            judgeChanged(initiativeId);
            return states.get(initiativeId);
        }

        @Override
        public void forward(String topic, String key, byte[] value, Instant at) {
            ProgressProcessor.this.forward(topic, key, value, at);
        }

        @Override
        public void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, DeadLetter reason, String detail) {
            ProgressProcessor.this.deadLetter(record, source, reason, detail);
        }

        @Override
        public void changed(String initiativeId, Instant at) {
            statuses.stage(initiativeId, at);
        }

        @Override
        public void show(String initiativeId, List<Slip> held) {
            shown.slips(initiativeId, held);
        }

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

    private void forward(String topic, String key, byte[] value, Instant at) {
        changed = true;
        RecordHeaders headers = new RecordHeaders();
        headers.add(DESTINATION, topic.getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(key.getBytes(StandardCharsets.UTF_8), value, at.toEpochMilli(), headers));
    }

    private void deadLetter(Record<byte[], byte[]> record, RecordMetadata source, DeadLetter reason, String detail) {
        String program = programLabel(source.topic());
        String storeKey = program + SEPARATOR + reason.code();
        Long count = deadLetters.get(storeKey);
        long next = count == null ? 1 : count + 1;
        deadLetters.put(storeKey, next);
        shown.deadLetters(deadLetterKey(storeKey), next);
        var headers = reason.headers(record.headers(), source, detail);
        headers.add(DESTINATION, Topics.DEAD_LETTERS.name().getBytes(StandardCharsets.UTF_8));
        // Stamped now: a catalog record's stream timestamp is 0 (CatalogFirst), and
        // time-based retention would delete a dead letter stamped 1970 at once.
        context.forward(record.withHeaders(headers).withTimestamp(now().toEpochMilli()));
    }

    /**
     * Label values come from topic names, which only the project creates, never from
     * payloads.
     */
    static String programLabel(String topic) {
        String program = Topics.programOf(topic);
        if (program != null) {
            return program;
        }
        if (Topics.SUPERVISION.name().equals(topic)) {
            return "supervision";
        }
        if (Topics.departmentOf(topic) != null) {
            return "reports"; // a department's own system
        }
        return Topics.ROLLUPS.name().equals(topic) ? "rollup" : "catalog";
    }

    private static InitiativeView.DeadLetterKey deadLetterKey(String storeKey) {
        int at = storeKey.indexOf(SEPARATOR);
        return new InitiativeView.DeadLetterKey(storeKey.substring(0, at), storeKey.substring(at + 1));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    @Override
    public void close() {
        shown.detach();
        view.release(task);
    }

}
