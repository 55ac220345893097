package org.planwatch.access;

/** The caller is known but may not do this: answered 403. */
public class AccessDeniedException extends RuntimeException {

    private final String field;

    public AccessDeniedException(String message) {
        this(message, null);
    }

    private AccessDeniedException(String message, String field) {
        super(message);
        this.field = field;
    }

    /** The request field that named what was refused, or null. */
    public String field() {
        return field;
    }

    /**
     * The one answer a department gets for another department's initiative and for an
     * unknown id.
     */
    public static AccessDeniedException initiative(String initiativeId) {
        return new AccessDeniedException("This token may not use initiative '" + initiativeId + "'", "initiativeId");
    }

}
