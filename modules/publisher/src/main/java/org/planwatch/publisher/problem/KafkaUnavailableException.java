package org.planwatch.publisher.problem;

/**
 * Kafka did not acknowledge within the bound: nothing was accepted, the client should
 * retry.
 */
public class KafkaUnavailableException extends RuntimeException {

    private final String eventId;

    public KafkaUnavailableException(String message) {
        this(message, null);
    }

    public KafkaUnavailableException(String message, String eventId) {
        super(message);
        this.eventId = eventId;
    }

    /** The eventId to retry with, when the request was for one event. */
    public String eventId() {
        return eventId;
    }

}
