package org.planwatch.publisher.catalog;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.planwatch.events.Topics;
import org.planwatch.events.UndecodableRecordException;
import org.planwatch.events.avro.Initiative;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The catalog as this publisher instance knows it: every record of the compacted
 * {@code initiatives} topic, read from the beginning and then followed. Each instance reads the
 * whole topic (no consumer group), so a catalog change made through any instance reaches all.
 * Until it has caught up with the end offsets seen at start-up it reports not ready, and event
 * posts are refused with 503 rather than wrongly answered 404.
 */
@Component
public class CatalogView implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(CatalogView.class);

    private final Map<String, Object> consumerConfig;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread poller;

    /** Each entry remembers its offset, so a late poll never overwrites a newer write of our own. */
    private record Entry(Initiative initiative, long offset) {
    }

    CatalogView(KafkaProperties kafka) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "publisher-catalog-view");
        this.consumerConfig = config;
    }

    public Optional<Initiative> get(String id) {
        Entry entry = entries.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.initiative());
    }

    public Collection<Initiative> all() {
        return entries.values().stream().map(Entry::initiative).toList();
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Our own write, acknowledged by Kafka at {@code offset}: visible at once to the next request. */
    void wrote(Initiative initiative, long offset) {
        apply(initiative.getId(), initiative, offset);
    }

    private void apply(String id, Initiative initiative, long offset) {
        entries.compute(id, (key, current) -> {
            if (current != null && current.offset() > offset) {
                return current;
            }
            return initiative == null ? null : new Entry(initiative, offset);
        });
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.INITIATIVES.name(), Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        running = true;
        poller = new Thread(() -> follow(endAtStart), "publisher-catalog-view");
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
                    // Keep following: a transient broker or network error must not freeze this view.
                    log.warn("Catalog view could not read from Kafka; retrying", e);
                }
            }
        }
        catch (WakeupException e) {
            // stop() woke us up
        }
        finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void pollOnce(Map<TopicPartition, Long> endAtStart) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
            try {
                apply(record.key(), record.value() == null ? null
                        : Topics.INITIATIVES.valueSerde().deserializer().deserialize(record.topic(), record.value()),
                        record.offset());
            }
            catch (UndecodableRecordException e) {
                log.warn("Skipping unreadable catalog record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        if (!caughtUp && endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp = true;
            log.info("Catalog loaded: {} initiatives", entries.size());
        }
    }

    @Override
    public void stop() {
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

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Health health() {
        return (caughtUp ? Health.up() : Health.outOfService()).withDetail("initiatives", entries.size()).build();
    }
}
