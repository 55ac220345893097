package org.planwatch.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeStatus;
import tools.jackson.databind.JsonNode;

/**
 * The {@code initiative-status} topic as a reader of the whole plan sees it (the desk does the
 * same): every committed record from the beginning, the latest per initiative.
 */
final class StatusTopic {

    private StatusTopic() {
    }

    static Map<String, InitiativeStatus> latest(Brokers kafka) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, InitiativeStatus> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INITIATIVE_STATUS.name(), Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    }
                    else {
                        latest.put(r.key(), Topics.INITIATIVE_STATUS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
        return latest;
    }

    /**
     * Where the last status record of each initiative disagrees with the status API's answer (events
     * counted, progress, health); empty when they all agree.
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
                wrong.add(id + ": topic " + record.getEventsCounted() + " events, progress " + record.getProgress() + ", "
                        + record.getHealth() + "; API " + answer.get("eventsCounted") + ", " + answer.get("progress") + ", "
                        + answer.get("health"));
            }
        }
        return wrong;
    }
}
