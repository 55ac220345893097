package org.planwatch.aggregator;

import org.planwatch.kafkalocal.LocalKafka;

/** The aggregator's contract on the project's own KRaft broker: always runs. */
class AggregatorIntegrationTests extends AggregatorContract {

    @Override
    String bootstrapServers() {
        return LocalKafka.shared().bootstrapServers();
    }

}
