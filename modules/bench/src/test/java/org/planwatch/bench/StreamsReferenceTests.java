package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The references are compared with the aggregator as run "with the same commit interval":
 * so they must be.
 */
class StreamsReferenceTests {

    @Test
    void commitsAsOftenAsTheAggregator() throws Exception {
        String config = Files.readString(Path.of("../aggregator/src/main/resources/aggregator.yml"));
        assertThat(config).containsOnlyOnce("commit-interval:")
            .contains("commit-interval: " + StreamsReference.AGGREGATOR_COMMIT_INTERVAL_MS + "ms\n");
    }

}
