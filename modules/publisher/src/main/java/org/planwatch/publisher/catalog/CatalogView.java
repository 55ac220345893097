package org.planwatch.publisher.catalog;

import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.publisher.kafka.FollowedTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The catalog as this publisher instance knows it: the compacted {@code initiatives}
 * topic. Until it has caught up it reports not ready, and event posts are refused with
 * 503 rather than wrongly answered 404.
 */
@Component
public class CatalogView extends FollowedTopic<Initiative> {

    CatalogView(KafkaProperties kafka) {
        super(Topics.INITIATIVES, kafka, "publisher-catalog-view", "initiatives");
    }

    void wrote(Initiative initiative, long offset) {
        wrote(initiative.getId(), initiative, offset);
    }

}
