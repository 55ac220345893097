package org.planwatch.aggregator.topology;

import java.time.Duration;
import java.time.Instant;

/**
 * One commit cadence per stream thread, shared by its tasks. Under exactly_once_v2 a
 * commit one task asks for commits every task of its thread (Streams' {@code TaskManager}
 * commits them all in one transaction), so tasks that each kept a cadence of their own,
 * each on the phase it was created with, committed the thread once per interval for each
 * of them. Instead each task passes in slots of the interval counted from the epoch, and
 * the first of a thread's tasks to pass in a slot asks for the commit (ADR 0018).
 *
 * <p>
 * One per topology: a thread that runs the tasks of several (the topology tests) keeps a
 * clock for each.
 */
final class ThreadCommits {

    private final ThreadLocal<Clock> clocks = ThreadLocal.withInitial(Clock::new);

    /** The calling stream thread's clock. */
    Clock current() {
        return clocks.get();
    }

    /** The slot of the commit interval that {@code now} falls in. */
    static long slot(Instant now, Duration interval) {
        return Math.floorDiv(now.toEpochMilli(), Math.max(1, interval.toMillis()));
    }

    /**
     * In which slot one stream thread last asked for a commit. Only its own thread uses
     * it.
     */
    static final class Clock {

        private long slot = Long.MIN_VALUE;

        /**
         * Whether the thread asked for no commit in {@code slot} yet; if so, it counts as
         * asked now.
         */
        boolean claim(long slot) {
            if (this.slot >= slot) {
                return false;
            }
            this.slot = slot;
            return true;
        }

    }

}
