package org.planwatch.client;

/**
 * An RFC 9457 problem as the publisher writes it (or as the Kafka client makes it for the
 * same mistake): what was wrong, and with which field.
 *
 * @param status the HTTP status (400, 403, ...)
 * @param type the publisher's stable problem type, e.g. {@code /problems/invalid-input};
 * may be null
 * @param field the offending field, e.g. {@code kpis.villas} or {@code initiativeId}; may
 * be null
 * @param json the problem as received, with every member (e.g. {@code errors});
 * {@code "{}"} when none
 */
public record Problem(int status, String type, String title, String detail, String field, String json) {

    @Override
    public String toString() {
        return status + " " + title + (field == null ? "" : " [" + field + "]") + (detail == null ? "" : ": " + detail);
    }
}
