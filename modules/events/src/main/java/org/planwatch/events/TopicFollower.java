package org.planwatch.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.planwatch.events.Topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole compacted topic from the beginning and then follows it, handing each
 * record (a tombstone as {@code null}) to a callback on its own thread. Every service
 * instance follows such topics whole, without a consumer group, so a write made through
 * any instance reaches all of them.
 *
 * <p>
 * {@link #isCaughtUp()} turns true once the end offsets seen at start have been read:
 * until then the caller's view is incomplete and it should say so (readiness, 503).
 */
public final class TopicFollower<V> implements AutoCloseable {

    /** What to do with each record; {@code value} is null for a tombstone. */
    @FunctionalInterface
    public interface Apply<V> {

        void apply(String key, V value, long offset);

    }

    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final Topic<String, V> topic;

    private final Map<String, Object> config;

    private final Apply<V> apply;

    private volatile boolean caughtUp;

    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();

    private volatile boolean running;

    private KafkaConsumer<String, byte[]> consumer;

    private Thread poller;

    /**
     * @param clientConfig the service's consumer settings (bootstrap servers, security);
     * a group id in them is ignored
     */
    public TopicFollower(Topic<String, V> topic, Map<String, Object> clientConfig, String clientId, Apply<V> apply) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.topic = topic;
        this.config = config;
        this.apply = apply;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /**
     * Whether every record before these offsets has been handed to the callback: a writer
     * that learned the topic's end offsets (transaction markers included) waits on this
     * to read its view.
     */
    public boolean hasRead(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(e -> positions.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Assigns every partition, seeks to the beginning and starts following on a daemon
     * thread.
     */
    public void start() {
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
            .stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        // An empty topic is read at once; a poll would first wait out its timeout.
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
        if (endAtStart.entrySet().stream().allMatch(e -> e.getValue() <= beginning.getOrDefault(e.getKey(), 0L))) {
            positions.putAll(beginning);
            caughtUp = true;
            log.info("Caught up with {} (empty)", topic.name());
        }
        running = true;
        poller = new Thread(() -> follow(endAtStart), (String) config.get(ConsumerConfig.CLIENT_ID_CONFIG));
        poller.setDaemon(true);
        poller.start();
    }

    private void follow(Map<TopicPartition, Long> endAtStart) {
        try {
            while (running) {
                try {
                    pollOnce(endAtStart);
                }
                catch (WakeupException e) {
                    throw e;
                }
                catch (RuntimeException e) {
                    // Keep following: a transient broker or network error must not freeze
                    // the view.
                    log.warn("Cannot read {} from Kafka; retrying", topic.name(), e);
                }
            }
        }
        catch (WakeupException e) {
            // close() woke us up
        }
        finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void pollOnce(Map<TopicPartition, Long> endAtStart) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            try {
                V value = record.value() == null ? null
                        : topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
                apply.apply(record.key(), value, record.offset());
            }
            catch (UndecodableRecordException e) {
                log.warn("Skipping unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        for (TopicPartition partition : endAtStart.keySet()) {
            positions.put(partition, consumer.position(partition));
        }
        if (!caughtUp && endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp = true;
            log.info("Caught up with {}", topic.name());
        }
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (poller != null) {
            try {
                poller.join(Duration.ofSeconds(10).toMillis());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
