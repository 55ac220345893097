package org.planwatch.publisher.problem;

public class UnknownInitiativeException extends RuntimeException {

    private final String initiativeId;

    public UnknownInitiativeException(String initiativeId) {
        super("No initiative '" + initiativeId + "' in the catalog");
        this.initiativeId = initiativeId;
    }

    public String initiativeId() {
        return initiativeId;
    }

}
