package org.planwatch.publisher.desk;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeStatus;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The whole plan as the supervisors' desk sees it: the latest record of every initiative on the
 * compacted {@code initiative-status} topic, read from the beginning and then followed. Every
 * publisher instance reads the whole topic, so the desk needs neither Prometheus nor a call to
 * each aggregator instance, and shows each initiative once however its partitions move.
 */
@Component
class DeskView implements SmartLifecycle {

    private final Map<String, InitiativeStatus> statuses = new ConcurrentHashMap<>();
    private final TopicFollower<InitiativeStatus> follower;

    DeskView(KafkaProperties kafka) {
        this.follower = new TopicFollower<>(Topics.INITIATIVE_STATUS, kafka.buildConsumerProperties(),
                "publisher-desk-view", this::apply);
    }

    Optional<InitiativeStatus> get(String id) {
        return Optional.ofNullable(statuses.get(id));
    }

    Collection<InitiativeStatus> all() {
        return statuses.values();
    }

    boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    void apply(String id, InitiativeStatus status, long offset) {
        if (status == null) {
            statuses.remove(id);
        }
        else {
            statuses.put(id, status);
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
