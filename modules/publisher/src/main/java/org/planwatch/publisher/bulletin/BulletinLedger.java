package org.planwatch.publisher.bulletin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    record Summary(String plan, int number, BulletinState state, LocalDate periodFrom, LocalDate periodTo,
            Instant generatedAt, Integer corrects, Integer previous, List<BulletinStep> steps, int total,
            Map<StatusHealth, Long> byHealth, long offset) {

        static Summary of(Bulletin b, long offset) {
            Map<StatusHealth, Long> byHealth = new LinkedHashMap<>();
            for (StatusHealth health : StatusHealth.values()) {
                byHealth.put(health, 0L);
            }
            for (BulletinItem item : b.getItems()) {
                byHealth.merge(item.getHealth(), 1L, Long::sum);
            }
            return new Summary(b.getPlan(), b.getNumber(), b.getState(), b.getPeriodFrom(), b.getPeriodTo(),
                    b.getGeneratedAt(), b.getCorrects(), b.getPrevious(), List.copyOf(b.getSteps()),
                    b.getItems().size(), Collections.unmodifiableMap(byHealth), offset);
        }

        BulletinId id() {
            return new BulletinId(plan, number);
        }
    }

    private static final TopicPartition PARTITION = new TopicPartition(Topics.BULLETINS.name(), 0);

    private static final int KEPT = 2;

    private final NavigableMap<BulletinId, Summary> summaries = new ConcurrentSkipListMap<>(BulletinId.ORDER);

    private final Map<Long, Bulletin> recent = Collections.synchronizedMap(new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Bulletin> eldest) {
            return size() > KEPT;
        }
    });

    private final TopicFollower<Bulletin> follower;

    private final Map<String, Object> consumerConfig;

    /** Each plan's latest published bulletin, whole ("" for the plan-less one). */
    private final Map<String, Bulletin> latestPublished = new ConcurrentHashMap<>();

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
        summaries.merge(BulletinId.of(bulletin), Summary.of(bulletin, offset),
                (known, next) -> known.offset() > offset ? known : next);
        if (bulletin.getState() == BulletinState.PUBLISHED) {
            latestPublished.merge(planKey(bulletin.getPlan()), bulletin,
                    (known, next) -> known.getNumber() > next.getNumber() ? known : next);
        }
    }

    private static String planKey(String plan) {
        return plan == null ? "" : plan;
    }

    /** Every bulletin, the newest first. */
    List<Summary> all() {
        List<Summary> all = new ArrayList<>(summaries.values());
        all.sort(Comparator.comparing(Summary::generatedAt).thenComparing(Summary::number).reversed());
        return all;
    }

    Optional<Summary> summary(BulletinId id) {
        return Optional.ofNullable(summaries.get(id));
    }

    /** The plan's bulletins, by number. */
    private NavigableMap<BulletinId, Summary> of(String plan) {
        return summaries.subMap(new BulletinId(plan, 0), true, new BulletinId(plan, Integer.MAX_VALUE), true);
    }

    /** The plan's last number, 0 before its first bulletin. */
    int lastNumber(String plan) {
        NavigableMap<BulletinId, Summary> ofPlan = of(plan);
        return ofPlan.isEmpty() ? 0 : ofPlan.lastKey().number();
    }

    /** The plan's latest published bulletin. */
    Optional<Bulletin> latestPublished(String plan) {
        return Optional.ofNullable(latestPublished.get(planKey(plan)));
    }

    /** Every plan's latest published bulletin, the most recently generated first. */
    List<Bulletin> latestPublished() {
        List<Bulletin> all = new ArrayList<>(latestPublished.values());
        all.sort(Comparator.comparing(Bulletin::getGeneratedAt).reversed());
        return all;
    }

    /** The plan's latest published bulletin numbered below {@code number}. */
    Optional<Summary> publishedBefore(String plan, int number) {
        return of(plan).headMap(new BulletinId(plan, number), false)
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
    Optional<Bulletin> read(BulletinId id) {
        Summary summary = summaries.get(id);
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
