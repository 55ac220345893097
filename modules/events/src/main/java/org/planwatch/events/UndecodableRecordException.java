package org.planwatch.events;

/**
 * Bytes on a topic that are not a readable record; carries the reason a dead letter is
 * labelled with.
 */
public final class UndecodableRecordException extends RuntimeException {

    /** Reasons are label values and header values: a small fixed set. */
    public enum Reason {

        EMPTY("empty"), NOT_AVRO("not_avro"), UNKNOWN_SCHEMA("unknown_schema"), CORRUPT("corrupt");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

    }

    private final Reason reason;

    public UndecodableRecordException(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

}
