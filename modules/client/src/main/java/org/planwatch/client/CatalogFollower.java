package org.planwatch.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;

/**
 * The catalog as the compacted {@code initiatives} topic holds it: each initiative's
 * program (its topic) and owning department, kept current by a {@link TopicFollower}.
 */
final class CatalogFollower implements AutoCloseable {

    private final Map<String, Initiative> entries = new ConcurrentHashMap<>();

    private final TopicFollower<Initiative> follower;

    CatalogFollower(Map<String, Object> consumerConfig, String clientId) {
        this.follower = new TopicFollower<>(Topics.INITIATIVES, consumerConfig, clientId, (id, initiative, offset) -> {
            if (initiative == null) {
                entries.remove(id);
            }
            else {
                entries.put(id, initiative);
            }
        });
    }

    /**
     * Starts following and returns once the whole topic, as it was at start, has been
     * read.
     */
    void start(Duration timeout) {
        follower.start();
        Instant deadline = Instant.now().plus(timeout);
        while (!follower.isCaughtUp()) {
            if (Instant.now().isAfter(deadline)) {
                follower.close();
                throw new IllegalStateException(
                        "The catalog (topic " + Topics.INITIATIVES.name() + ") was not read within " + timeout);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                follower.close();
                throw new IllegalStateException("Interrupted while reading the catalog", e);
            }
        }
    }

    Optional<Initiative> get(String initiativeId) {
        return Optional.ofNullable(entries.get(initiativeId));
    }

    @Override
    public void close() {
        follower.close();
    }

}
