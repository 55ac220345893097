package org.planwatch.faults;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
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
