package org.planwatch.aggregator.topology;

import java.time.Instant;
import java.util.Iterator;
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

    /**
     * What has waited longest, at most {@code limit} initiatives, in the order they first
     * changed; the rest wait on, keeping their place and their earliest change.
     */
    Map<String, Instant> drain(int limit) {
        Map<String, Instant> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, Instant>> oldest = waiting.entrySet().iterator();
        while (out.size() < limit && oldest.hasNext()) {
            Map.Entry<String, Instant> next = oldest.next();
            out.put(next.getKey(), next.getValue());
            oldest.remove();
        }
        return out;
    }

}
