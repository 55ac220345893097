package org.planwatch.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.planwatch.aggregator.topology.ProgressTopology;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.InitiativeStatus;
import tools.jackson.databind.JsonNode;

/**
 * The {@code initiative-status} topic as a reader of the whole plan sees it, through the
 * same {@link TopicFollower} the desk uses: every committed record from the beginning,
 * the latest per initiative.
 */
final class StatusTopic {

    private StatusTopic() {
    }

    static Map<String, InitiativeStatus> latest(Brokers kafka) {
        Map<String, InitiativeStatus> latest = new ConcurrentHashMap<>();
        try (TopicFollower<InitiativeStatus> follower = new TopicFollower<>(Topics.INITIATIVE_STATUS,
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), "faults-status-topic",
                (key, value, offset) -> {
                    if (value == null) {
                        latest.remove(key);
                    }
                    else {
                        latest.put(key, value);
                    }
                })) {
            follower.start();
            await("initiative-status read to its end").atMost(Duration.ofSeconds(30)).until(follower::isCaughtUp);
        }
        return Map.copyOf(latest);
    }

    /**
     * The topic's records of {@code ids}, read whole twice: as every reader of the plan
     * reads it (read_committed), and with the records of aborted transactions
     * (read_uncommitted).
     *
     * @param committed records a reader of the plan sees
     * @param uncommitted records read_uncommitted sees: beyond {@code committed}, those
     * of aborted (or still open) transactions
     * @param goingBack initiatives whose events counted went down from one committed
     * record to the next, as a record of a rolled-back transaction would make them
     */
    record Audit(long committed, long uncommitted, List<String> goingBack) {
    }

    static Audit audit(Brokers kafka, Set<String> ids) {
        Map<String, Long> last = new HashMap<>();
        List<String> goingBack = new ArrayList<>();
        long committed = read(kafka, "read_committed", ids, (key, status) -> {
            Long before = status == null ? null : last.put(key, status.getEventsCounted());
            if (status == null) {
                last.remove(key);
            }
            else if (before != null && status.getEventsCounted() < before) {
                goingBack.add(key + ": " + before + " then " + status.getEventsCounted());
            }
        });
        long uncommitted = read(kafka, "read_uncommitted", ids, (key, status) -> {
        });
        return new Audit(committed, uncommitted, goingBack);
    }

    private static long read(Brokers kafka, String isolation, Set<String> ids,
            BiConsumer<String, InitiativeStatus> each) {
        return read(kafka, Topics.INITIATIVE_STATUS.name(), isolation, ids,
                Topics.INITIATIVE_STATUS.valueSerde().deserializer(), each);
    }

    /**
     * Every events count the aggregators of {@code applicationId} committed for each of
     * {@code ids}: the values of the initiatives' state store, from its changelog
     * (read_committed), which holds each initiative's state as each commit left it.
     */
    static Map<String, Set<Long>> committedCounts(Brokers kafka, String applicationId, Set<String> ids) {
        Map<String, Set<Long>> counts = new HashMap<>();
        try (var states = new AvroSerde<>(InitiativeState.class)) {
            read(kafka, applicationId + "-" + ProgressTopology.STATE_STORE + "-changelog", "read_committed", ids,
                    states.deserializer(), (key, state) -> {
                        if (state != null) {
                            counts.computeIfAbsent(key, k -> new HashSet<>()).add(state.getEventsCounted());
                        }
                    });
        }
        return counts;
    }

    /** Reads a topic from its start to its current end; the records of {@code ids}. */
    private static <V> long read(Brokers kafka, String topic, String isolation, Set<String> ids, Deserializer<V> values,
            BiConsumer<String, V> each) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        long read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic)
                .stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topic + " not read to its end in 60 s (" + isolation + ")");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (ids.contains(record.key())) {
                        read++;
                        each.accept(record.key(),
                                record.value() == null ? null : values.deserialize(record.topic(), record.value()));
                    }
                }
            }
        }
        return read;
    }

    /**
     * Where the last status record of each initiative disagrees with the status API's
     * answer (events counted, progress, health); empty when they all agree.
     */
    static List<String> disagreements(Brokers kafka, Set<String> ids, Map<String, JsonNode> answers) {
        Map<String, InitiativeStatus> latest = latest(kafka);
        List<String> wrong = new ArrayList<>();
        for (String id : ids) {
            InitiativeStatus record = latest.get(id);
            JsonNode answer = answers.get(id);
            if (record == null || answer == null) {
                wrong.add(id + ": record " + (record != null) + ", answer " + (answer != null));
                continue;
            }
            if (record.getEventsCounted() != answer.get("eventsCounted").asLong()
                    || record.getProgress() != answer.get("progress").asDouble()
                    || !record.getHealth().name().toLowerCase(Locale.ROOT).equals(answer.get("health").asString())) {
                wrong.add(id + ": topic " + record.getEventsCounted() + " events, progress " + record.getProgress()
                        + ", " + record.getHealth() + "; API " + answer.get("eventsCounted") + ", "
                        + answer.get("progress") + ", " + answer.get("health"));
            }
        }
        return wrong;
    }

}
