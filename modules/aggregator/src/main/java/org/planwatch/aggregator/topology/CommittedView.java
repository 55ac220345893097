package org.planwatch.aggregator.topology;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.avro.Slip;

/**
 * A task's way to the view (the status API and the metrics): what the fold changes is
 * staged here, and reaches the view only once the commit that makes it durable has
 * happened (ADR 0017). So nothing of a transaction that is later aborted is ever shown.
 *
 * <p>
 * A state store without a changelog, so that Streams tells it about commits. It stages
 * changes; Streams flushes its caches ({@link #flushCache}) in {@code prepareCommit},
 * which seals what is staged; sealed changes are published when Streams reports a
 * checkpoint after the commit, or else by the task's next {@code process()} or
 * punctuation ({@link #publish}). Streams runs neither after a failed commit without
 * closing the task first, and closing it (or clearing its caches) drops what is staged
 * and sealed.
 */
final class CommittedView implements StateStore, CachedStateStore<Object, Object> {

    /** The changes of one stretch of processing, the last of each kind winning. */
    private static final class Changes {

        /** By initiative: its snapshot, or empty when it left the catalog. */
        final Map<String, Optional<InitiativeSnapshot>> initiatives = new LinkedHashMap<>();

        final Map<String, List<Slip>> slips = new LinkedHashMap<>();

        final Map<InitiativeView.DeadLetterKey, Long> deadLetters = new LinkedHashMap<>();

        boolean evaluated;

        boolean isEmpty() {
            return initiatives.isEmpty() && slips.isEmpty() && deadLetters.isEmpty() && !evaluated;
        }

        void add(Changes later) {
            initiatives.putAll(later.initiatives);
            slips.putAll(later.slips);
            deadLetters.putAll(later.deadLetters);
            evaluated |= later.evaluated;
        }

    }

    private final String name;

    private Changes staged = new Changes();

    private Changes sealed = new Changes();

    private InitiativeView view;

    private TaskId task;

    /** The task's last step before each commit ({@link #flushCache}), or none. */
    private Runnable beforeCommit;

    private boolean open;

    CommittedView(String name) {
        this.name = name;
    }

    /** A builder of this store, without a changelog (it holds nothing durable). */
    static StoreBuilder<CommittedView> builder(String name) {
        return new Builder(name);
    }

    /**
     * The task that owns this store starts (again) and shows its changes on {@code view}.
     */
    void attach(InitiativeView view, TaskId task) {
        discard();
        this.view = view;
        this.task = task;
    }

    /**
     * What the task does right before each commit of its transaction, Streams' or its
     * own: it runs first in {@link #flushCache}, and what it stages goes with that commit
     * (ADR 0020).
     */
    void beforeCommit(Runnable step) {
        this.beforeCommit = step;
    }

    /**
     * The task closes: nothing more reaches the view from here, whatever Streams calls
     * after.
     */
    void detach() {
        discard();
        this.view = null;
        this.beforeCommit = null;
    }

    void put(InitiativeSnapshot snapshot) {
        staged.initiatives.put(snapshot.id(), Optional.of(snapshot));
    }

    void remove(String initiativeId) {
        staged.initiatives.put(initiativeId, Optional.empty());
    }

    void slips(String initiativeId, List<Slip> held) {
        staged.slips.put(initiativeId, List.copyOf(held));
    }

    void deadLetters(InitiativeView.DeadLetterKey key, long count) {
        staged.deadLetters.put(key, count);
    }

    /** The task judged everything it owns again: the view hears of it with the result. */
    void evaluated() {
        staged.evaluated = true;
    }

    /**
     * What the task last made of the initiative, committed or not: the fold compares with
     * it.
     */
    Optional<InitiativeSnapshot> get(String initiativeId) {
        Optional<InitiativeSnapshot> change = staged.initiatives.get(initiativeId);
        if (change == null) {
            change = sealed.initiatives.get(initiativeId);
        }
        if (change != null) {
            return change;
        }
        return view == null ? Optional.empty() : view.get(initiativeId);
    }

    /** What was read from the stores as the task started is committed already. */
    void publishRestored() {
        seal();
        publish();
    }

    /**
     * Shows what the last commit made durable: called after a commit, or by the task's
     * next processing, which Streams runs only after a commit that succeeded.
     */
    void publish() {
        if (view == null || sealed.isEmpty()) {
            return;
        }
        Changes out = sealed;
        sealed = new Changes();
        out.initiatives.forEach((id, snapshot) -> {
            if (snapshot.isPresent()) {
                view.put(task, snapshot.get());
            }
            else {
                view.remove(id);
            }
        });
        out.slips.forEach((id, held) -> view.slips(task, id, held));
        out.deadLetters.forEach((key, count) -> view.deadLetters(task, key, count));
        if (out.evaluated) {
            view.evaluated();
        }
    }

    /** How many initiatives' changes wait for a commit (staged or sealed). */
    int waiting() {
        return staged.initiatives.size() + sealed.initiatives.size();
    }

    private void seal() {
        if (staged.isEmpty()) {
            return;
        }
        if (sealed.isEmpty()) {
            Changes next = sealed;
            sealed = staged;
            staged = next;
        }
        else {
            sealed.add(staged);
            staged = new Changes();
        }
    }

    private void discard() {
        staged = new Changes();
        sealed = new Changes();
    }

    /**
     * Called by Streams in {@code prepareCommit}, right before it commits the task's
     * transaction: what is staged now is in that transaction.
     */
    @Override
    public void flushCache() {
        if (beforeCommit != null) {
            beforeCommit.run();
        }
        seal();
    }

    /**
     * Streams drops what is cached when it wipes a task's state: so is what is staged.
     */
    @Override
    public void clearCache() {
        discard();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        discard();
        // Called when Streams checkpoints, which it does only after a commit.
        context.register(root, (key, value) -> {
        }, this::publish);
        open = true;
    }

    /** At a checkpoint, not before a commit: nothing to do. */
    @Override
    public void flush() {
    }

    @Override
    public void close() {
        discard();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder(String name) implements StoreBuilder<CommittedView> {

        @Override
        public StoreBuilder<CommittedView> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommittedView> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommittedView> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("the view's staging holds nothing durable");
        }

        @Override
        public StoreBuilder<CommittedView> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommittedView build() {
            return new CommittedView(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

    }

}
