package org.planwatch.publisher.bulletin;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.planwatch.events.KafkaAcls;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Writes bulletins one operation at a time across every publisher instance. All instances
 * share one transactional id, so a producer that starts fences the one before it: an
 * operation reads the topic to its committed end, decides, and commits, and a commit from
 * a fenced producer fails, so a decision made on a stale view (two instances picking the
 * same number) is retried, never written.
 */
@Component
class BulletinWriter implements AutoCloseable {

    /**
     * Decides the record to write from the ledger as read to the topic's end; null writes
     * nothing.
     */
    @FunctionalInterface
    interface Operation {

        Bulletin decide(BulletinLedger ledger);

    }

    private static final int TRIES = 8;

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final TopicPartition PARTITION = new TopicPartition(Topics.BULLETINS.name(), 0);

    private final BulletinLedger ledger;

    private final Admin admin;

    private final Map<String, Object> producerConfig;

    private KafkaProducer<String, byte[]> producer;

    BulletinWriter(BulletinLedger ledger, Admin admin, KafkaProperties kafka) {
        this.ledger = ledger;
        this.admin = admin;
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KafkaAcls.BULLETIN_WRITER);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // The producer checks a record's size before compression, the broker after: room
        // for both.
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * Topics.BULLETIN_MAX_BYTES);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * Topics.BULLETIN_MAX_BYTES);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "publisher-bulletin-writer");
        this.producerConfig = config;
    }

    /**
     * Runs {@code operation} alone and writes what it decides (null: nothing); the ledger
     * shows it on return.
     */
    synchronized Bulletin write(Operation operation) {
        for (int attempt = 1;; attempt++) {
            try {
                return once(operation);
            }
            catch (Conflict e) {
                // Another instance wrote in between: decide again on what it wrote, after
                // a jittered pause so that two instances do not keep fencing each other.
                closeProducer();
                if (attempt == TRIES) {
                    throw new KafkaUnavailableException("another publisher instance kept writing bulletins", null);
                }
                pause(ThreadLocalRandom.current().nextLong(20, 200) * attempt);
            }
        }
    }

    private Bulletin once(Operation operation) {
        if (producer == null) {
            KafkaProducer<String, byte[]> started = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new ByteArraySerializer());
            try {
                started.initTransactions();
            }
            catch (KafkaException e) {
                started.close(Duration.ZERO);
                throw new KafkaUnavailableException("cannot start the bulletin writer: " + e.getMessage(), null);
            }
            producer = started;
        }
        awaitRead(committedEnd());
        Bulletin next = operation.decide(ledger);
        if (next == null) {
            return null;
        }
        byte[] value = Topics.BULLETINS.valueSerde().serializer().serialize(Topics.BULLETINS.name(), next);
        RecordMetadata written;
        try {
            producer.beginTransaction();
            written = producer.send(new ProducerRecord<>(Topics.BULLETINS.name(), 0, key(next), value))
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (ExecutionException e) {
            abort();
            if (Conflict.isOne(e.getCause())) {
                throw new Conflict(e.getCause());
            }
            throw new KafkaUnavailableException("bulletin not written: " + e.getCause().getMessage(), null);
        }
        catch (KafkaException e) {
            abort();
            if (Conflict.isOne(e)) {
                throw new Conflict(e);
            }
            throw new KafkaUnavailableException("bulletin not written: " + e.getMessage(), null);
        }
        catch (TimeoutException e) {
            abort();
            throw new KafkaUnavailableException("bulletin not written: " + e.getMessage(), null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new KafkaUnavailableException("interrupted", null);
        }
        commit();
        awaitRead(written.offset() + 1);
        return next;
    }

    /**
     * A commit that timed out may still land, and must be retried rather than aborted:
     * retried once, then the answer says the outcome is unknown, so a person looks at the
     * list before trying again.
     */
    private void commit() {
        for (int attempt = 1;; attempt++) {
            try {
                producer.commitTransaction();
                return;
            }
            // fully qualified: Kafka's TimeoutException, not the future's
            catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt == 2) {
                    closeProducer();
                    throw new KafkaUnavailableException("the bulletin's commit did not answer in time: it may be "
                            + "written; look at the list before trying again", null);
                }
            }
            catch (KafkaException e) {
                abort();
                if (Conflict.isOne(e)) {
                    throw new Conflict(e);
                }
                throw new KafkaUnavailableException("bulletin not written: " + e.getMessage(), null);
            }
        }
    }

    /**
     * The transaction lost to another instance's producer: fenced, or (transactions v2)
     * aborted under it by the coordinator, so the partition or the coordinator rejects
     * it. Nothing was written, and deciding again is safe.
     */
    static final class Conflict extends RuntimeException {

        Conflict(Throwable cause) {
            super(cause);
        }

        static boolean isOne(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException
                        || cause instanceof InvalidTxnStateException
                        || cause instanceof TransactionAbortableException) {
                    return true;
                }
            }
            return false;
        }

    }

    static String key(Bulletin bulletin) {
        return (bulletin.getPlan() == null ? "" : bulletin.getPlan() + ":") + bulletin.getNumber();
    }

    private long committedEnd() {
        try {
            return admin
                .listOffsets(Map.of(PARTITION, OffsetSpec.latest()),
                        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .partitionResult(PARTITION)
                .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .offset();
        }
        catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("cannot read the bulletins topic's end: " + e.getMessage(), null);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted", null);
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted", null);
        }
    }

    /**
     * The follower polls on its own thread; an operation is rare, so a short bounded wait
     * is enough.
     */
    private void awaitRead(long endOffset) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!ledger.hasRead(endOffset)) {
            if (System.nanoTime() > deadline) {
                throw new KafkaUnavailableException("the bulletins topic is not read to its end yet", null);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException("interrupted", null);
            }
        }
    }

    private void abort() {
        try {
            producer.abortTransaction();
        }
        catch (KafkaException e) {
            closeProducer();
        }
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        closeProducer();
    }

}
