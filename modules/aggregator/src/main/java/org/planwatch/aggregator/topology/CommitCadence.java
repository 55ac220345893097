package org.planwatch.aggregator.topology;

import java.time.Duration;

/**
 * How often each task publishes its statuses and commits (ADR 0001), and how it does
 * while it reads a backlog (ADR 0016): every changed state and status is written at each
 * commit, so a task catching up commits less often and writes each of them once per
 * longer interval.
 *
 * @param interval how often a task passes, and its thread commits what changed
 * (ThreadCommits); null for Streams' {@code commit.interval.ms}
 * @param catchUpInterval how often a task that is catching up commits
 * @param catchUpRecords records counted since a task's last pass from which it is
 * catching up
 */
public record CommitCadence(Duration interval, Duration catchUpInterval, long catchUpRecords) {

    /** Streams' commit interval, and no catching up (topology tests). */
    static final CommitCadence STREAMS = new CommitCadence(null, Duration.ZERO, Long.MAX_VALUE);

    /**
     * Whether a pass that is due waits: the task counted {@code catchUpRecords} or more
     * since its own last pass, which was less than {@code catchUpInterval} ago. Its own,
     * not its thread's: live tasks beside it claim every commit (ADR 0018).
     */
    boolean waits(long recordsSincePass, Duration sincePass) {
        return recordsSincePass >= catchUpRecords && sincePass.compareTo(catchUpInterval) < 0;
    }

}
