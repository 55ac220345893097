package org.planwatch.publisher.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * A compacted topic as this publisher instance knows it: every record, read from the
 * beginning and then followed. Each instance reads the whole topic (no consumer group),
 * so a change made through any instance reaches all. Out of service until it has caught
 * up with the end offsets seen at start-up.
 */
public abstract class FollowedTopic<V> implements SmartLifecycle, HealthIndicator {

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    private final TopicFollower<V> follower;

    private final String counted;

    /**
     * Each entry remembers its offset, so a late poll never overwrites a newer write of
     * our own.
     */
    private record Entry<V>(V value, long offset) {
    }

    /**
     * @param counted what the health details call the entries
     */
    protected FollowedTopic(Topics.Topic<String, V> topic, KafkaProperties kafka, String clientId, String counted) {
        this.follower = new TopicFollower<>(topic, kafka.buildConsumerProperties(), clientId, this::apply);
        this.counted = counted;
    }

    public Optional<V> get(String key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.of(entry.value());
    }

    public Collection<V> all() {
        return entries.values().stream().map(Entry::value).toList();
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    /**
     * Our own write, acknowledged by Kafka at {@code offset}: visible at once to the next
     * request.
     */
    protected void wrote(String key, V value, long offset) {
        apply(key, value, offset);
    }

    private void apply(String key, V value, long offset) {
        entries.compute(key, (k, current) -> {
            if (current != null && current.offset() > offset) {
                return current;
            }
            return value == null ? null : new Entry<>(value, offset);
        });
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

    @Override
    public Health health() {
        return (follower.isCaughtUp() ? Health.up() : Health.outOfService()).withDetail(counted, entries.size())
            .build();
    }

}
