package org.planwatch.access;

/** The caller is known but may not do this: answered 403. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }

    /** The one answer a department gets for another department's initiative and for an unknown id. */
    public static AccessDeniedException initiative(String initiativeId) {
        return new AccessDeniedException("This token may not use initiative '" + initiativeId + "'");
    }
}
