package org.planwatch.aggregator.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * How often each task publishes its statuses and commits (ADR 0001), and how it does
 * while it reads a backlog (ADR 0016): every changed state and status is written at each
 * commit, so a task catching up commits less often and writes each of them once per
 * longer interval.
 *
 * @param interval how often a task passes, and its thread commits what changed
 * (ThreadCommits); null for Streams' {@code commit.interval.ms}
 * @param catchUpInterval how often a task that is catching up commits
 * @param catchUpRecords records counted per {@code interval} from which a task is
 * catching up
 */
public record CommitCadence(Duration interval, Duration catchUpInterval, long catchUpRecords) {

    /** Streams' commit interval, and no catching up (topology tests). */
    static final CommitCadence STREAMS = new CommitCadence(null, Duration.ZERO, Long.MAX_VALUE);

    /**
     * Whether a task that counted {@code recordsSincePass} records over {@code sincePass}
     * since its last pass reads a backlog: the newest report among them was written
     * longer than {@code catchUpInterval} before ({@code behind}), however slowly the
     * task reads; or {@code catchUpRecords} or more per {@code interval} (the pass
     * interval in force) over that time.
     */
    boolean reading(long recordsSincePass, Duration sincePass, Duration interval, Duration behind) {
        if (catchUpRecords == Long.MAX_VALUE) {
            return false;
        }
        if (recordsSincePass > 0 && behind.compareTo(catchUpInterval) > 0) {
            // A task that commits often reads slowly (each commit writes what changed),
            // so a backlog read by rate alone may never be seen as one.
            return true;
        }
        double intervals = Math.max(1.0, (double) sincePass.toMillis() / Math.max(1, interval.toMillis()));
        return recordsSincePass >= catchUpRecords * intervals;
    }

    /**
     * Whether a pass that is due waits: the task is catching up ({@code catchingUp}, or
     * reading a backlog now) and {@code now} is in the same slot of
     * {@code catchUpInterval}, counted from the epoch, as its last pass. The slots are
     * the thread's: its tasks that catch up all pass at the first tick of the next one,
     * and so share one commit per catch-up interval (ADR 0016, 0018).
     */
    boolean waits(boolean catchingUp, Instant lastPass, Instant now) {
        return catchingUp && ThreadCommits.slot(now, catchUpInterval) == ThreadCommits.slot(lastPass, catchUpInterval);
    }

}
