package org.planwatch.publisher.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The catalog as this publisher instance knows it: every record of the compacted
 * {@code initiatives} topic, read from the beginning and then followed. Each instance
 * reads the whole topic (no consumer group), so a catalog change made through any
 * instance reaches all. Until it has caught up with the end offsets seen at start-up it
 * reports not ready, and event posts are refused with 503 rather than wrongly answered
 * 404.
 */
@Component
public class CatalogView implements SmartLifecycle, HealthIndicator {

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private final TopicFollower<Initiative> follower;

    /**
     * Each entry remembers its offset, so a late poll never overwrites a newer write of
     * our own.
     */
    private record Entry(Initiative initiative, long offset) {
    }

    CatalogView(KafkaProperties kafka) {
        this.follower = new TopicFollower<>(Topics.INITIATIVES, kafka.buildConsumerProperties(),
                "publisher-catalog-view", this::apply);
    }

    public Optional<Initiative> get(String id) {
        Entry entry = entries.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.initiative());
    }

    public Collection<Initiative> all() {
        return entries.values().stream().map(Entry::initiative).toList();
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    /**
     * Our own write, acknowledged by Kafka at {@code offset}: visible at once to the next
     * request.
     */
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
        return (follower.isCaughtUp() ? Health.up() : Health.outOfService()).withDetail("initiatives", entries.size())
            .build();
    }

}
