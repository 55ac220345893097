package org.planwatch.aggregator.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressEvent;

/**
 * Whether a department reports on cadence: over its counted reports that correct none, in
 * order of receipt, each after the first is judged, on cadence when received at most the
 * catalog's {@code reportingCadenceDays} after the previous one.
 *
 * <p>
 * By receipt alone: a correction is no new report and does not move the clock (else a
 * trivial correction every cadence would keep a department on time), and a report that a
 * correction replaced still came when it came.
 */
final class Punctuality {

    private Punctuality() {
    }

    /** Sets the counts of {@code state} from every counted event of its initiative. */
    static void replay(InitiativeState state, List<ProgressEvent> counted) {
        // Receipts only: equal receipts are a gap of zero whichever comes first, so ties
        // need no eventId.
        Instant[] receipts = counted.stream()
            .filter(e -> e.getSupersedes() == null)
            .map(ProgressEvent::getReceivedAt)
            .sorted()
            .toArray(Instant[]::new);
        long onCadence = 0;
        for (int i = 1; i < receipts.length; i++) {
            if (onCadence(receipts[i - 1], receipts[i], state.getInitiative())) {
                onCadence++;
            }
        }
        state.setReportsJudged(Math.max(0, receipts.length - 1));
        state.setReportsOnCadence(onCadence);
    }

    /**
     * Whether judging {@code report} against the state's {@code lastReceivedAt} gives
     * what {@link #replay} would. That is the previous report's receipt only while no
     * correction was counted (it covers them too, and the state keeps no receipt of
     * reports alone): the counts say so, as then every counted event but the first was
     * judged.
     */
    static boolean countable(InitiativeState state, ProgressEvent report) {
        Instant last = state.getLastReceivedAt();
        if (last == null) {
            return true; // nothing received yet: the first report, not judged
        }
        return !report.getReceivedAt().isBefore(last) && state.getReportsJudged() > 0
                && state.getEventsCounted() == state.getReportsJudged() + 1;
    }

    /**
     * Judges {@code report} into {@code next}, whose counts are still those before it,
     * against {@code previous}, the receipt before it; only when {@link #countable} said
     * so for the state before it.
     */
    static void count(Instant previous, InitiativeState next, ProgressEvent report) {
        if (previous == null) {
            return;
        }
        next.setReportsJudged(next.getReportsJudged() + 1);
        if (onCadence(previous, report.getReceivedAt(), next.getInitiative())) {
            next.setReportsOnCadence(next.getReportsOnCadence() + 1);
        }
    }

    private static boolean onCadence(Instant previous, Instant received, Initiative initiative) {
        return !received.isAfter(previous.plus(Duration.ofDays(initiative.getReportingCadenceDays())));
    }

}
