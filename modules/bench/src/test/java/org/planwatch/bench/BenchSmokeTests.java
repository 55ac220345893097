package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The harness's small configuration, end to end, as CI runs it: every measurement
 * completes and lands in the table. No timing is asserted; the figures of a smoke run
 * mean nothing.
 */
class BenchSmokeTests {

    @Test
    void theQuickConfigurationMeasuresEveryFigure() throws Exception {
        String table = Bench.run(new String[] { "--quick", "--out", "target/bench-quick.md" });
        assertThat(table).contains("Kafka ProducerPerformance", "Kafka ConsumerPerformance", "Batch POST",
                "Single-event POST at saturation", "Single-event POST at half saturation",
                "Java client straight to Kafka", "Aggregation, exactly_once_v2", "Aggregation, at_least_once",
                "Restore after wiping the state", "End to end", "Scrape of /actuator/prometheus at 200 initiatives",
                "Scrape of /actuator/prometheus at 400 initiatives", "Aggregator heap live after a full GC",
                "Profile of the exactly_once_v2 run", "Kafka Streams' own count", "Kafka Streams keeping every record",
                "Restart with the state kept", "… of which publisher received → aggregator counted",
                "Profile of the publisher", "Load generator of the saturation runs",
                "Desk overview page at 400 initiatives", "Desk view's heap at 400 initiatives",
                "publishing initiative-status against the same runs without it", "A report's verdict on the desk",
                "Bulletin (督查通报) of 400 initiatives", "Scrape series, archiving a 300-initiative plan",
                "Archiving it: the PUT");
        assertThat(table).as("the fold-delay and desk-delay histograms were read").doesNotContain("≤ ?");
        assertThat(table).as("no figure left empty or NaN").doesNotContain("NaN").doesNotContain("| |  |");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(table).as("CI installs the peer (apt-get install prometheus-pushgateway)")
                .doesNotContain("Pushgateway not installed");
        }
    }

}
