package org.planwatch.client;

/**
 * Every attempt failed within the retry policy (no answer, time-outs, 429, 5xx), or the
 * thread was interrupted. The report may or may not have been counted: send the
 * <em>same</em> {@link Report} again later; its eventId makes sure it is counted once.
 */
public final class ReportNotDeliveredException extends Exception {

    private final String eventId;

    private final int attempts;

    private final transient Problem lastProblem;

    public ReportNotDeliveredException(String eventId, int attempts, String reason, Problem lastProblem,
            Throwable cause) {
        super("Report " + eventId + " not delivered after " + attempts + " attempt(s): " + reason, cause);
        this.eventId = eventId;
        this.attempts = attempts;
        this.lastProblem = lastProblem;
    }

    public String eventId() {
        return eventId;
    }

    public int attempts() {
        return attempts;
    }

    /**
     * The last answer's problem when the last attempt got an answer (429, 503, ...), else
     * null.
     */
    public Problem lastProblem() {
        return lastProblem;
    }

}
