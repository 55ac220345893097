package org.planwatch.publisher.bulletin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.BulletinStep;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every bulletin as this instance knows it, from the compacted {@code bulletins} topic
 * read whole and followed. It keeps each bulletin's summary and offset, not its items (a
 * bulletin holds every initiative): a bulletin's content is read back from its offset
 * when asked for, and the latest published one, which the public page serves on every
 * request, is kept whole.
 */
@Component
class BulletinLedger implements SmartLifecycle {

    /** What the desk lists of a bulletin, and where its latest record is. */
    record Summary(int number, BulletinState state, LocalDate periodFrom, LocalDate periodTo, Instant generatedAt,
            Integer corrects, Integer previous, List<BulletinStep> steps, int total, Map<StatusHealth, Long> byHealth,
            long offset) {

        static Summary of(Bulletin b, long offset) {
            Map<StatusHealth, Long> byHealth = new LinkedHashMap<>();
            for (StatusHealth health : StatusHealth.values()) {
                byHealth.put(health, 0L);
            }
            for (BulletinItem item : b.getItems()) {
                byHealth.merge(item.getHealth(), 1L, Long::sum);
            }
            return new Summary(b.getNumber(), b.getState(), b.getPeriodFrom(), b.getPeriodTo(), b.getGeneratedAt(),
                    b.getCorrects(), b.getPrevious(), List.copyOf(b.getSteps()), b.getItems().size(),
                    Collections.unmodifiableMap(byHealth), offset);
        }
    }

    private static final TopicPartition PARTITION = new TopicPartition(Topics.BULLETINS.name(), 0);

    private static final int KEPT = 2;

    private final NavigableMap<Integer, Summary> summaries = new ConcurrentSkipListMap<>();

    private final Map<Long, Bulletin> recent = Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Bulletin> eldest) {
            return size() > KEPT;
        }
    });

    private final TopicFollower<Bulletin> follower;

    private final Map<String, Object> consumerConfig;

    private volatile Bulletin latestPublished;

    BulletinLedger(KafkaProperties kafka) {
        this.consumerConfig = readerConfig(kafka.buildConsumerProperties());
        this.follower = new TopicFollower<>(Topics.BULLETINS, consumerConfig, "publisher-bulletins", this::apply);
    }

    private static Map<String, Object> readerConfig(Map<String, Object> base) {
        Map<String, Object> config = new HashMap<>(base);
        // One bulletin may be larger than the default 1 MiB a partition fetch is sized
        // for.
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.BULLETIN_MAX_BYTES);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Topics.BULLETIN_MAX_BYTES);
        return config;
    }

    private void apply(String key, Bulletin bulletin, long offset) {
        if (bulletin == null) {
            return; // bulletins are never deleted; a stray tombstone changes nothing
        }
        summaries.merge(bulletin.getNumber(), Summary.of(bulletin, offset),
                (known, next) -> known.offset() > offset ? known : next);
        if (bulletin.getState() == BulletinState.PUBLISHED
                && (latestPublished == null || latestPublished.getNumber() <= bulletin.getNumber())) {
            latestPublished = bulletin;
        }
    }

    /** Every bulletin, the newest first. */
    List<Summary> all() {
        return new ArrayList<>(summaries.descendingMap().values());
    }

    Optional<Summary> summary(int number) {
        return Optional.ofNullable(summaries.get(number));
    }

    int lastNumber() {
        return summaries.isEmpty() ? 0 : summaries.lastKey();
    }

    Optional<Bulletin> latestPublished() {
        return Optional.ofNullable(latestPublished);
    }

    /** The latest published bulletin numbered below {@code number}. */
    Optional<Summary> publishedBefore(int number) {
        return summaries.headMap(number, false)
            .descendingMap()
            .values()
            .stream()
            .filter(s -> s.state() == BulletinState.PUBLISHED)
            .findFirst();
    }

    boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    boolean hasRead(long endOffset) {
        return follower.hasRead(Map.of(PARTITION, endOffset));
    }

    /**
     * A bulletin whole, read back from its record on the topic (the last few are kept).
     */
    Optional<Bulletin> read(int number) {
        Summary summary = summaries.get(number);
        if (summary == null) {
            return Optional.empty();
        }
        Bulletin kept = recent.get(summary.offset());
        if (kept != null) {
            return Optional.of(kept);
        }
        Bulletin bulletin = readAt(summary.offset());
        recent.put(summary.offset(), bulletin);
        return Optional.of(bulletin);
    }

    private Bulletin readAt(long offset) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "publisher-bulletin-reader");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(PARTITION));
            consumer.seek(PARTITION, offset);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset && record.value() != null) {
                        return Topics.BULLETINS.valueSerde().deserializer().deserialize(record.topic(), record.value());
                    }
                    if (record.offset() > offset) {
                        // Compacted away: a newer record of the bulletin replaced it, and
                        // the follower will say where.
                        throw new KafkaUnavailableException("this bulletin changed while it was read; try again", null);
                    }
                }
            }
            throw new KafkaUnavailableException("the bulletin could not be read from Kafka in time", null);
        }
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

}
