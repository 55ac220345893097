package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The initiatives of one task whose status waits for the next publication, each with its
 * earliest change since the previous one: an initiative that changes many times between
 * two publications goes out once, built then from its state.
 *
 * <p>
 * Held in memory: a crash loses what was waiting, while the state changes it describes
 * may already be committed. So a task publishes everything it owns at its first
 * publication (after each assignment, restart or move), and a lost record is replaced by
 * an equal one.
 */
final class StatusOutbox {

    private final Map<String, Instant> waiting = new LinkedHashMap<>();

    private boolean everything = true;

    /**
     * The initiative changed at {@code changedAt}; an earlier change still waiting
     * stands.
     */
    void put(String initiativeId, Instant changedAt) {
        waiting.putIfAbsent(initiativeId, changedAt);
    }

    /**
     * The initiative left the catalog: its tombstone goes out at once, and nothing
     * waiting may follow it.
     */
    void forget(String initiativeId) {
        waiting.remove(initiativeId);
    }

    /**
     * True once per task, at the first publication, when every initiative it owns must go
     * out.
     */
    boolean wantsEverything() {
        boolean was = everything;
        everything = false;
        return was;
    }

    /** What waits, in the order it first changed; the outbox is empty after. */
    Map<String, Instant> drain() {
        Map<String, Instant> out = new LinkedHashMap<>(waiting);
        waiting.clear();
        return out;
    }

}
