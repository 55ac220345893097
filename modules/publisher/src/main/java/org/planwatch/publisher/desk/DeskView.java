package org.planwatch.publisher.desk;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.InitiativeStatus;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The whole plan as the supervisors' desk sees it: the latest record of every initiative
 * on the compacted {@code initiative-status} topic, read from the beginning and then
 * followed. Every publisher instance reads the whole topic, so the desk needs neither
 * Prometheus nor a call to each aggregator instance, and shows each initiative once
 * however its partitions move.
 */
@Component
public class DeskView implements SmartLifecycle {

    private final Map<String, InitiativeStatus> statuses = new ConcurrentHashMap<>();

    /**
     * The reports the view's statuses count, kept as records come: a scrape does not walk
     * the plan.
     */
    private final AtomicLong reports = new AtomicLong();

    private final TopicFollower<InitiativeStatus> follower;

    private final Timer delay;

    DeskView(KafkaProperties kafka, MeterRegistry registry) {
        this.follower = new TopicFollower<>(Topics.INITIATIVE_STATUS, kafka.buildConsumerProperties(),
                "publisher-desk-view", this::apply);
        // Buckets, not percentiles, so the publisher instances' histograms can be summed.
        this.delay = Timer.builder("planwatch.desk.delay")
            .description("From a change (a report's receipt, or a judgement) to its status in the desk's view")
            .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                    Duration.ofMillis(750), Duration.ofSeconds(1), Duration.ofMillis(1250), Duration.ofMillis(1500),
                    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30))
            .register(registry);
        Gauge.builder("planwatch.desk.initiatives", statuses, Map::size)
            .description("Initiatives in the desk's view (the latest record of each on initiative-status)")
            .register(registry);
        Gauge.builder("planwatch.desk.reports", reports, AtomicLong::get)
            .description("Reports counted in the desk's view (the sum of each status's eventsCounted)")
            .register(registry);
    }

    public Optional<InitiativeStatus> get(String id) {
        return Optional.ofNullable(statuses.get(id));
    }

    public Collection<InitiativeStatus> all() {
        return statuses.values();
    }

    /** Whether some initiative belongs to no plan (a catalog from before plans). */
    public boolean hasPlanless() {
        return statuses.values().stream().anyMatch(status -> status.getPlan() == null);
    }

    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    void apply(String id, InitiativeStatus status, long offset) {
        // One follower thread applies records, so the sum moves with the map.
        InitiativeStatus was = status == null ? statuses.remove(id) : statuses.put(id, status);
        reports
            .addAndGet((status == null ? 0 : status.getEventsCounted()) - (was == null ? 0 : was.getEventsCounted()));
        if (status == null) {
            return;
        }
        // From the record's earliest change; only once caught up (not for the history
        // read at start).
        if (follower.isCaughtUp()) {
            delay.record(Duration.between(status.getChangedAt(), Instant.now()));
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
