package org.planwatch.aggregator;

import org.planwatch.events.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topics how the topics the aggregator needs (catalog, dead letters) are created when it
 *     starts before the publisher; must match the publisher's settings
 */
@ConfigurationProperties("planwatch.aggregator")
public record AggregatorProperties(@DefaultValue TopicSettings topics) {

    public record TopicSettings(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
            @DefaultValue("1") int minInSyncReplicas) {

        public Topics.TopicSettings settings() {
            return new Topics.TopicSettings(partitions, replicationFactor, minInSyncReplicas);
        }
    }
}
