package org.planwatch.client;

import java.util.List;

/**
 * What became of each report of a {@link ProgressClient#sendAll} call, in the order
 * given. Resending the {@link #notDelivered()} reports later is safe: their eventIds are
 * counted once.
 */
public record BatchResult(List<Item> items) {

    public BatchResult {
        items = List.copyOf(items);
    }

    public enum Outcome {

        /** Kafka acknowledged it: it will be counted (once). */
        ACCEPTED,
        /**
         * Refused as it is (400, 403, ...): see the problem; resending it unchanged will
         * not help.
         */
        REJECTED,
        /**
         * No acceptance within the retry policy: it may or may not have been counted;
         * resend it.
         */
        NOT_DELIVERED

    }

    /**
     * @param status the publisher's status for this report (202, 400, 403, 503, ...), 0
     * when no answer came
     * @param problem why it was refused or not delivered; null when accepted or when no
     * answer came
     */
    public record Item(Report report, Outcome outcome, int status, Problem problem) {

        public String eventId() {
            return report.eventId();
        }
    }

    public List<Item> accepted() {
        return only(Outcome.ACCEPTED);
    }

    public List<Item> rejected() {
        return only(Outcome.REJECTED);
    }

    public List<Item> notDelivered() {
        return only(Outcome.NOT_DELIVERED);
    }

    public boolean allAccepted() {
        return items.stream().allMatch(i -> i.outcome() == Outcome.ACCEPTED);
    }

    private List<Item> only(Outcome outcome) {
        return items.stream().filter(i -> i.outcome() == outcome).toList();
    }
}
