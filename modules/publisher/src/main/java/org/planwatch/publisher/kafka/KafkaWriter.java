package org.planwatch.publisher.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.planwatch.events.Topics.Topic;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Writes records and waits, within a bound, for the broker's acknowledgement (acks=all,
 * idempotent producer: see publisher.yml). Nothing is acknowledged to a department before
 * this returns {@link Written}.
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

    /**
     * Sends all records at once (so they batch) and waits for all of them, at most
     * {@code timeout} in total. With the broker away, each send waits up to max.block.ms
     * for the topic's metadata: a batch of 200 would hold its request for ten minutes. So
     * once that wait runs out for a topic, the rest of the batch for that topic fails
     * with it, and nothing is sent after the deadline: the answer comes within
     * {@code timeout} and at most one more max.block.ms (a send begun just before the
     * deadline).
     */
    public List<Outcome> writeAll(List<? extends Pending<?>> records, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<SendResult<String, byte[]>>> futures = new ArrayList<>(records.size());
        Map<String, CompletableFuture<SendResult<String, byte[]>>> noMetadata = new HashMap<>();
        for (Pending<?> record : records) {
            CompletableFuture<SendResult<String, byte[]>> future = noMetadata.get(record.topic().name());
            if (future == null) {
                future = deadline - System.nanoTime() > 0 ? send(record)
                        : CompletableFuture.failedFuture(new TimeoutException("not sent: the request's time was up"));
                if (metadataTimedOut(future)) {
                    noMetadata.put(record.topic().name(), future);
                }
            }
            futures.add(future);
        }
        List<Outcome> outcomes = new ArrayList<>(records.size());
        for (CompletableFuture<SendResult<String, byte[]>> future : futures) {
            outcomes.add(await(future, Math.max(0, deadline - System.nanoTime())));
        }
        return outcomes;
    }

    /**
     * Kafka's own TimeoutException at once: no metadata within max.block.ms, so none for
     * the next record either.
     */
    private static boolean metadataTimedOut(CompletableFuture<?> future) {
        if (!future.isCompletedExceptionally()) {
            return false;
        }
        try {
            future.getNow(null);
            return false;
        }
        catch (CompletionException e) {
            // spring-kafka wraps the producer's exception in its own
            // KafkaProducerException.
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof BufferExhaustedException) {
                    return false; // the producer's buffer, not the topic: it may drain
                                  // for the next record
                }
                // fully qualified: Kafka's TimeoutException, not the JDK's
                if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                    return true;
                }
            }
            return false;
        }
        catch (CancellationException e) {
            return false;
        }
    }

    public Outcome write(Pending<?> record, Duration timeout) {
        return await(send(record), timeout.toNanos());
    }

    private <V> CompletableFuture<SendResult<String, byte[]>> send(Pending<V> record) {
        try {
            byte[] value = record.topic().valueSerde().serializer().serialize(record.topic().name(), record.value());
            return template
                .send(new ProducerRecord<>(record.topic().name(), null, record.timestamp(), record.key(), value));
        }
        catch (RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms
            // (broker down).
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
            if (cause instanceof TimeoutException) {
                return new Failed("Kafka did not acknowledge in time");
            }
            return new Failed("Kafka did not take the record: " + cause.getClass().getSimpleName());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted");
        }
    }

}
