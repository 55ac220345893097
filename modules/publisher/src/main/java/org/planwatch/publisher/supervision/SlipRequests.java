package org.planwatch.publisher.supervision;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The bodies of the supervision endpoints. Every one may carry an eventId: a retry with
 * it is taken once.
 */
public final class SlipRequests {

    private SlipRequests() {
    }

    /**
     * @param slipId optional; by default derived from the eventId, so a retried issue
     * names the same slip
     * @param colour blue, yellow or red
     * @param condition optional: the condition that prompted it (e.g. off_track, silent)
     * @param signBy default one day on; answerBy default seven days on
     */
    public record Issue(String eventId, String slipId, String colour, String condition, String reason,
            String requirement, Instant signBy, Instant answerBy) {
    }

    public record Sign(String eventId) {
    }

    public record Answer(String eventId, String cause, String remedy, LocalDate promisedDate) {
    }

    /** For return (why), close (the check's note), withdraw (why). */
    public record Note(String eventId, String text) {
    }

    public record Escalate(String eventId, String colour, String text) {
    }

}
