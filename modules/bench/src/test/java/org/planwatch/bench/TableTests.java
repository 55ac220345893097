package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.planwatch.bench.Table.Row;

/**
 * Rows and their goals as BENCHMARKS.md shows them: the figure judged, the verdict beside
 * the goal.
 */
class TableTests {

    @Test
    void aRatioGoalIsJudgedOnTheRatio() {
        assertThat(line(Row.of("Batch POST, events/s", "22,631")
            .against("18,501 raw producer", 22631 / 18501.0)
            .goal(Goal.ratioAtLeast(0.5))))
            .isEqualTo("| Batch POST, events/s | 22,631 | 18,501 raw producer | 1.22 | ≥ 0.50 | yes |");
        assertThat(line(Row.of("Single POST, events/s", "272")
            .against("859 Pushgateway pushes/s", 272 / 859.0)
            .goal(Goal.ratioAtLeast(2))))
            .isEqualTo("| Single POST, events/s | 272 | 859 Pushgateway pushes/s | 0.32 | ≥ 2.00 | **no** |");
    }

    @Test
    void aGoalOnAFigureIsJudgedOnThatFigure() {
        Goal p99 = Goal.atMost("p99 ≤ 50 ms", 50);
        assertThat(line(Row.of("Latency, p50 / p99 ms", "29.6 / 147.4").reference("at 135 events/s").goal(p99, 147.4)))
            .isEqualTo("| Latency, p50 / p99 ms | 29.6 / 147.4 | at 135 events/s |  | p99 ≤ 50 ms | **no** |");
        assertThat(line(Row.of("Latency", "1 / 50.0").goal(p99, 50.0))).endsWith("| p99 ≤ 50 ms | yes |");
        assertThat(line(Row.of("Delay", "≤ ? / ≤ ?").goal(p99, Exposition.boundMillis("?"))))
            .as("a figure that could not be read meets no goal")
            .endsWith("| **no** |");
    }

    @Test
    void withoutAPeerTheGoalStandsUnjudgedAndWithoutAGoalNothingIsJudged() {
        assertThat(line(Row.of("Single POST, events/s", "272")
            .against("Pushgateway not installed", null)
            .goal(Goal.ratioAtLeast(2))))
            .isEqualTo("| Single POST, events/s | 272 | Pushgateway not installed |  | ≥ 2.00 |  |");
        assertThat(line(Row.of("Kafka ConsumerPerformance, records/s", "34,602").reference("(the limit)")))
            .isEqualTo("| Kafka ConsumerPerformance, records/s | 34,602 | (the limit) |  |  |  |");
        assertThat(line(Row.of("Scrape at 400", "495 / 719").goal(ScrapeTiming.SLOWEST.get(400), 719)))
            .as("a size without a goal")
            .isEqualTo("| Scrape at 400 | 495 / 719 |  |  |  |  |");
    }

    @Test
    void notesFollowTheTable() {
        Table table = new Table();
        table.add(Row.of("a", "1"));
        table.note("first");
        table.note("second");
        assertThat(table.markdown("# T", "Machine: m")).isEqualTo("# T\n\nMachine: m\n\n"
                + "| figure | ours | limit or peer (same run) | ratio | goal | met |\n|---|---|---|---|---|---|\n"
                + "| a | 1 |  |  |  |  |\n\n- first\n- second\n");
    }

    private static String line(Row row) {
        Table table = new Table();
        table.add(row);
        String md = table.markdown("#", "m");
        return md.substring(md.lastIndexOf("\n|", md.length() - 2) + 1).strip();
    }

}
