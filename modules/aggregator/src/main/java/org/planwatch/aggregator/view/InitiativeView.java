package org.planwatch.aggregator.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.streams.processor.TaskId;

/**
 * What this aggregator instance currently owns, mirrored from its state stores for fast reads by
 * the metrics endpoint and the status API.
 *
 * <p>Entries are written only by the stream task that owns the initiative (after each change, and
 * in full from the restored store when the task starts), and dropped when the task leaves this
 * instance. So each initiative is exported by exactly one instance, and metrics summed over
 * instances stay exact when the aggregator scales out. The values are absolute, never increments:
 * a task that is reprocessed after a crash overwrites them with the same values.
 */
public final class InitiativeView {

    private record Owned<T>(TaskId task, T value) {
    }

    /** A dead-letter count's labels. */
    public record DeadLetterKey(String program, String reason) {
    }

    private final Map<String, Owned<InitiativeSnapshot>> initiatives = new ConcurrentHashMap<>();
    private volatile Consumer<Duration> foldDelay = delay -> {
    };
    private volatile Runnable evaluated = () -> {
    };
    private final Map<TaskId, Map<DeadLetterKey, Long>> deadLetters = new ConcurrentHashMap<>();

    public void put(TaskId task, InitiativeSnapshot snapshot) {
        initiatives.put(snapshot.id(), new Owned<>(task, snapshot));
    }

    /** Where {@link #evaluated} goes (the scrape's renderings); nowhere until set. */
    public void onEvaluated(Runnable listener) {
        this.evaluated = listener;
    }

    /**
     * A task has judged again everything it owns (an evaluation pass), so most snapshots have just
     * been replaced at once. Called on the stream thread: a listener hands its work to its own.
     */
    public void evaluated() {
        evaluated.run();
    }

    /** Where {@link #counted} goes (the metrics' histogram); nowhere until set. */
    public void onCounted(Consumer<Duration> listener) {
        this.foldDelay = listener;
    }

    /** An event was counted this long after the publisher received it. */
    public void counted(Duration sinceReceived) {
        foldDelay.accept(sinceReceived);
    }

    public void remove(String initiativeId) {
        initiatives.remove(initiativeId);
    }

    public void deadLetters(TaskId task, DeadLetterKey key, long count) {
        deadLetters.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(key, count);
    }

    /** The task moved to another instance or closed: what it owned is no longer ours to export. */
    public void release(TaskId task) {
        initiatives.values().removeIf(owned -> owned.task().equals(task));
        deadLetters.remove(task);
    }

    public Optional<InitiativeSnapshot> get(String initiativeId) {
        Owned<InitiativeSnapshot> owned = initiatives.get(initiativeId);
        return owned == null ? Optional.empty() : Optional.of(owned.value());
    }

    /** A copy: what the view holds at the time of the call. */
    public List<InitiativeSnapshot> all() {
        List<InitiativeSnapshot> all = new ArrayList<>(initiatives.size() + 16);
        for (Owned<InitiativeSnapshot> owned : initiatives.values()) {
            all.add(owned.value());
        }
        return all;
    }

    /** Dead letters by program and reason, summed over this instance's tasks. */
    public Map<DeadLetterKey, Long> deadLetterTotals() {
        return deadLetters.values().stream().flatMap(m -> m.entrySet().stream())
                .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.summingLong(Map.Entry::getValue)));
    }
}
