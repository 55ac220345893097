package org.planwatch.aggregator.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.kafka.streams.processor.TaskId;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Slip;

/**
 * What this aggregator instance currently owns, mirrored from its state stores for fast
 * reads by the metrics endpoint and the status API.
 *
 * <p>
 * Entries are written only by the stream task that owns the initiative (once the commit
 * of each change is done, and in full from the restored store when the task starts: ADR
 * 0017), and dropped when the task leaves this instance. So each initiative is exported
 * by exactly one instance, and metrics summed over instances stay exact when the
 * aggregator scales out. The values are absolute, never increments: a task that is
 * reprocessed after a crash overwrites them with the same values.
 */
public final class InitiativeView {

    private record Owned<T>(TaskId task, T value) {
    }

    /** A dead-letter count's labels. */
    public record DeadLetterKey(String program, String reason) {
    }

    /** Sums over the initiatives of one program that this instance holds. */
    public record ProgramTotals(long initiatives, long eventsCounted, long duplicates) {
    }

    /**
     * The same sums, kept up to date as entries change, so that a scrape reads a few
     * numbers instead of walking every initiative. A replaced entry adds the difference
     * in one step, so a reader never sees a counter step down and back up in between.
     */
    private static final class Sums {

        final LongAdder initiatives = new LongAdder();

        final LongAdder eventsCounted = new LongAdder();

        final LongAdder duplicates = new LongAdder();

    }

    private final Map<String, Owned<InitiativeSnapshot>> initiatives = new ConcurrentHashMap<>();

    private volatile Consumer<Duration> foldDelay = delay -> {
    };

    private volatile Runnable evaluated = () -> {
    };

    private final Map<TaskId, Map<DeadLetterKey, Long>> deadLetters = new ConcurrentHashMap<>();

    private final Map<String, Sums> byProgram = new ConcurrentHashMap<>();

    private final Map<String, Owned<List<Slip>>> slips = new ConcurrentHashMap<>();

    public void put(TaskId task, InitiativeSnapshot snapshot) {
        Owned<InitiativeSnapshot> old = initiatives.put(snapshot.id(), new Owned<>(task, snapshot));
        InitiativeState now = snapshot.state();
        InitiativeState was = old == null ? null : old.value().state();
        if (was != null && was.getInitiative().getProgram().equals(now.getInitiative().getProgram())) {
            Sums sums = sums(now);
            sums.eventsCounted.add(now.getEventsCounted() - was.getEventsCounted());
            sums.duplicates.add(now.getDuplicates() - was.getDuplicates());
            return;
        }
        add(now, 1);
        if (was != null) {
            add(was, -1); // the catalog moved the initiative to another program
        }
    }

    private Sums sums(InitiativeState state) {
        return byProgram.computeIfAbsent(state.getInitiative().getProgram(), program -> new Sums());
    }

    private void add(InitiativeState state, int sign) {
        Sums sums = sums(state);
        sums.eventsCounted.add(sign * state.getEventsCounted());
        sums.duplicates.add(sign * state.getDuplicates());
        sums.initiatives.add(sign);
    }

    /** Where {@link #evaluated} goes (the scrape, to render ahead); nowhere until set. */
    public void onEvaluated(Runnable listener) {
        this.evaluated = listener;
    }

    /**
     * A task has judged again everything it owns (an evaluation pass), so most snapshots
     * have just been replaced at once. Called on the stream thread: a listener hands its
     * work to its own.
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

    /**
     * The initiative's supervision slips, as its task holds them; an empty list drops
     * them.
     */
    public void slips(TaskId task, String initiativeId, List<Slip> held) {
        if (held.isEmpty()) {
            slips.remove(initiativeId);
        }
        else {
            slips.put(initiativeId, new Owned<>(task, List.copyOf(held)));
        }
    }

    public List<Slip> slipsOf(String initiativeId) {
        Owned<List<Slip>> owned = slips.get(initiativeId);
        return owned == null ? List.of() : owned.value();
    }

    /** Every initiative's slips this instance holds, by initiative id (a copy). */
    public Map<String, List<Slip>> allSlips() {
        Map<String, List<Slip>> all = new HashMap<>();
        slips.forEach((id, owned) -> all.put(id, owned.value()));
        return all;
    }

    public void remove(String initiativeId) {
        slips.remove(initiativeId);
        Owned<InitiativeSnapshot> old = initiatives.remove(initiativeId);
        if (old != null) {
            add(old.value().state(), -1);
        }
    }

    public void deadLetters(TaskId task, DeadLetterKey key, long count) {
        deadLetters.computeIfAbsent(task, t -> new ConcurrentHashMap<>()).put(key, count);
    }

    /**
     * The task moved to another instance or closed: what it owned is no longer ours to
     * export.
     */
    public void release(TaskId task) {
        for (Map.Entry<String, Owned<InitiativeSnapshot>> entry : initiatives.entrySet()) {
            Owned<InitiativeSnapshot> owned = entry.getValue();
            if (owned.task().equals(task) && initiatives.remove(entry.getKey(), owned)) {
                add(owned.value().state(), -1);
            }
        }
        deadLetters.remove(task);
        slips.entrySet().removeIf(entry -> entry.getValue().task().equals(task));
    }

    public Optional<InitiativeSnapshot> get(String initiativeId) {
        Owned<InitiativeSnapshot> owned = initiatives.get(initiativeId);
        return owned == null ? Optional.empty() : Optional.of(owned.value());
    }

    /**
     * A copy: what the view holds at the time of the call. Replacing an entry keeps its
     * place, so the order holds from call to call while no initiative comes or goes (the
     * scrape counts on it to find its renderings without a lookup, and looks them up when
     * it does not hold).
     */
    public List<InitiativeSnapshot> all() {
        List<InitiativeSnapshot> all = new ArrayList<>(initiatives.size() + 16);
        for (Owned<InitiativeSnapshot> owned : initiatives.values()) {
            all.add(owned.value());
        }
        return all;
    }

    /**
     * As {@link #all()}, without the initiatives of archived plans: what the
     * per-initiative scrape exports. Their state, history and slips stay readable here.
     */
    public List<InitiativeSnapshot> scraped() {
        List<InitiativeSnapshot> scraped = new ArrayList<>(initiatives.size() + 16);
        for (Owned<InitiativeSnapshot> owned : initiatives.values()) {
            if (owned.value().state().getInitiative().getArchivedAt() == null) {
                scraped.add(owned.value());
            }
        }
        return scraped;
    }

    /**
     * By program, sums over the initiatives this instance holds; a program none of them
     * is in is left out. Each sum is exact once the entries stop changing; while they
     * change, each moves by whole entries' differences.
     */
    public Map<String, ProgramTotals> programTotals() {
        Map<String, ProgramTotals> totals = new TreeMap<>();
        byProgram.forEach((program, sums) -> {
            long held = sums.initiatives.sum();
            if (held > 0) {
                totals.put(program, new ProgramTotals(held, sums.eventsCounted.sum(), sums.duplicates.sum()));
            }
        });
        return totals;
    }

    /** Dead letters by program and reason, summed over this instance's tasks. */
    public Map<DeadLetterKey, Long> deadLetterTotals() {
        return deadLetters.values()
            .stream()
            .flatMap(m -> m.entrySet().stream())
            .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.summingLong(Map.Entry::getValue)));
    }

}
