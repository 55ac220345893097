package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The references are compared with the aggregator as run "with the same commit interval":
 * its interval while it catches up, since the bench's aggregator reads a full topic.
 */
class StreamsReferenceTests {

    @Test
    void commitsAsOftenAsTheAggregatorCatchingUp() throws Exception {
        String config = Files.readString(Path.of("../aggregator/src/main/resources/aggregator.yml"));
        String catchUp = config.substring(config.indexOf("    catch-up:\n"));
        assertThat(config).contains("    commit-interval: 200ms\n");
        assertThat(catchUp).as("the catch-up block")
            .startsWith("    catch-up:\n      records: 400\n      commit-interval: "
                    + StreamsReference.AGGREGATOR_COMMIT_INTERVAL_MS + "ms\n");
    }

}
