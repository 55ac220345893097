package org.planwatch.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.planwatch.events.Topics.Topic;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Writes records and waits, within a bound, for the broker's acknowledgement (acks=all, idempotent
 * producer: see publisher.yml). Nothing is acknowledged to a department before this returns
 * {@link Written}.
 */
@Component
public class KafkaWriter {

    private final KafkaTemplate<String, byte[]> template;

    KafkaWriter(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    /** A record to write: the value is encoded with the topic's own serde. */
    public record Pending<V>(Topic<String, V> topic, String key, V value, long timestamp) {
    }

    public sealed interface Outcome permits Written, Failed {
    }

    public record Written(RecordMetadata metadata) implements Outcome {
    }

    public record Failed(String reason) implements Outcome {
    }

    /** Sends all records at once (so they batch) and waits for all of them, at most {@code timeout} in total. */
    public List<Outcome> writeAll(List<? extends Pending<?>> records, Duration timeout) {
        List<CompletableFuture<SendResult<String, byte[]>>> futures = new ArrayList<>(records.size());
        for (Pending<?> record : records) {
            futures.add(send(record));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (CompletableFuture<SendResult<String, byte[]>> future : futures) {
            outcomes.add(await(future, Math.max(0, deadline - System.nanoTime())));
        }
        return outcomes;
    }

    public Outcome write(Pending<?> record, Duration timeout) {
        return await(send(record), timeout.toNanos());
    }

    private <V> CompletableFuture<SendResult<String, byte[]>> send(Pending<V> record) {
        try {
            byte[] value = record.topic().valueSerde().serializer().serialize(record.topic().name(), record.value());
            return template.send(new ProducerRecord<>(record.topic().name(), null, record.timestamp(), record.key(), value));
        }
        catch (RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms (broker down).
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Outcome await(CompletableFuture<SendResult<String, byte[]>> future, long nanos) {
        try {
            return new Written(future.get(nanos, TimeUnit.NANOSECONDS).getRecordMetadata());
        }
        catch (TimeoutException e) {
            return new Failed("Kafka did not acknowledge in time");
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Failed("Kafka did not take the record: " + cause.getClass().getSimpleName());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted");
        }
    }
}
