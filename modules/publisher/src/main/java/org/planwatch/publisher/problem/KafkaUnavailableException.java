package org.planwatch.publisher.problem;

/** Kafka did not acknowledge within the bound: nothing was accepted, the client should retry. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message) {
        super(message);
    }
}
