package org.planwatch.client;

/**
 * The report was refused and will be refused again as it is: invalid input (400), a token
 * that may not report on the initiative (401, 403), or any other answer a retry cannot
 * change. Not retried. Fix the report (or the token) and send a new one.
 */
public class ReportRejectedException extends RuntimeException {

    private final transient Problem problem;

    private final String eventId;

    public ReportRejectedException(String eventId, Problem problem) {
        super("Report " + eventId + " rejected: " + problem);
        this.problem = problem;
        this.eventId = eventId;
    }

    public Problem problem() {
        return problem;
    }

    /**
     * The eventId of the refused report ({@code null} for a batch refused as a whole).
     */
    public String eventId() {
        return eventId;
    }

}
