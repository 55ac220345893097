package org.planwatch.publisher;

import java.time.Duration;

import org.planwatch.events.Topics.TopicSettings;
import org.springframework.util.unit.DataSize;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param ackTimeout how long a request waits for Kafka's acknowledgement before answering
 * 503; keep it above the producer's {@code delivery.timeout.ms} so that a 503 means the
 * producer gave up
 * @param maxBatchSize most events in one batch request
 * @param retryAfter the {@code Retry-After} sent with a 503
 * @param maxFutureSkew how far past the server's clock an {@code occurredAt} may lie
 * @param topics how the project's topics are created
 * @param maxBodySize largest request body; larger ones get 413 (a full batch of 1000
 * events is about 300 KB)
 */
@ConfigurationProperties("planwatch.publisher")
public record PublisherProperties(@DefaultValue("12s") Duration ackTimeout, @DefaultValue("1000") int maxBatchSize,
        @DefaultValue("5s") Duration retryAfter, @DefaultValue("1d") Duration maxFutureSkew,
        @DefaultValue Topics topics, @DefaultValue("2MB") DataSize maxBodySize) {

    /**
     * Topic creation; partitions must match the aggregator's expectations (same for all
     * inputs).
     */
    public record Topics(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
            @DefaultValue("1") int minInSyncReplicas) {

        public TopicSettings settings() {
            return new TopicSettings(partitions, replicationFactor, minInSyncReplicas);
        }
    }
}
