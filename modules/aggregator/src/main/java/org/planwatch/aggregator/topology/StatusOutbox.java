package org.planwatch.aggregator.topology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.planwatch.events.avro.InitiativeStatus;

/**
 * The status records of one task waiting for its next publication: the latest per initiative, so
 * an initiative that changes many times between two publications goes out once.
 *
 * <p>Held in memory: a crash loses what was waiting, while the state changes it describes may
 * already be committed. So a task publishes everything it owns at its first publication (after
 * each assignment, restart or move), and a lost record is replaced by an equal one.
 */
final class StatusOutbox {

    private final Map<String, InitiativeStatus> waiting = new LinkedHashMap<>();
    private boolean everything = true;

    void put(InitiativeStatus status) {
        waiting.put(status.getInitiativeId(), status);
    }

    /** The initiative left the catalog: its tombstone goes out at once, and nothing waiting may follow it. */
    void forget(String initiativeId) {
        waiting.remove(initiativeId);
    }

    /** True once per task, at the first publication, when every initiative it owns must go out. */
    boolean wantsEverything() {
        boolean was = everything;
        everything = false;
        return was;
    }

    List<InitiativeStatus> drain() {
        List<InitiativeStatus> out = new ArrayList<>(waiting.values());
        waiting.clear();
        return out;
    }
}
