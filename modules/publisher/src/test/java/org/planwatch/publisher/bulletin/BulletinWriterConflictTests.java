package org.planwatch.publisher.bulletin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.junit.jupiter.api.Test;

/**
 * Which failures mean that another instance's producer took the transaction over: those
 * are decided again, every other failure is answered as Kafka being unavailable.
 */
class BulletinWriterConflictTests {

    @Test
    void aTransactionLostToAnotherProducerIsAConflictHoweverItIsWrapped() {
        assertThat(BulletinWriter.Conflict.isOne(new ProducerFencedException("fenced"))).isTrue();
        assertThat(BulletinWriter.Conflict.isOne(new ExecutionException(new InvalidTxnStateException("v2")))).isTrue();
        assertThat(BulletinWriter.Conflict
            .isOne(new KafkaException("error state", new TransactionAbortableException("aborted")))).isTrue();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNoConflict() {
        assertThat(BulletinWriter.Conflict.isOne(new TimeoutException("no answer"))).isFalse();
        assertThat(BulletinWriter.Conflict.isOne(new KafkaException("disconnected"))).isFalse();
    }

}
