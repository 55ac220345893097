package org.planwatch.aggregator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The scrape benchmark's figures are only worth quoting per initiative if its view really
 * exports as many initiatives as the parameter says (distinct ids, none dropped or
 * merged). Times nothing.
 */
class ScrapeBenchmarkTests {

    private static final Pattern INITIATIVE_LABEL = Pattern.compile("initiative=\"([^\"]+)\"");

    @Test
    void setupExportsEveryInitiativeOfTheParameter() throws Exception {
        ScrapeBenchmark benchmark = new ScrapeBenchmark();
        benchmark.initiatives = 1000;
        benchmark.setUp();

        int bytes = benchmark.scrape();
        String text = benchmark.out.toString(StandardCharsets.UTF_8);
        Matcher labels = INITIATIVE_LABEL.matcher(text);

        assertThat(bytes).isEqualTo(benchmark.write()).isPositive();
        assertThat(labels.results().map(m -> m.group(1)).collect(Collectors.toSet())).hasSize(1000);
        assertThat(text).contains("initiative_progress_ratio{").contains("（第999项）");
        String direct = new String(benchmark.text.write(benchmark.view.all(), null, false), StandardCharsets.UTF_8);
        assertThat(benchmark.text()).isEqualTo(benchmark.textAllChanged())
            .isEqualTo(direct.getBytes(StandardCharsets.UTF_8).length);
        assertThat(benchmark.textRejudged()).isPositive(); // now showing the day-later
                                                           // judgement
        byte[] rejudged = benchmark.flipping.write(benchmark.rejudged.all(), null, false);
        assertThat(rejudged)
            .isEqualTo(new InitiativeText(benchmark.metrics.families()).write(benchmark.rejudged.all(), null, false))
            .isNotEqualTo(direct.getBytes(StandardCharsets.UTF_8));
        assertThat(new InitiativeText(benchmark.metrics.families()).write(benchmark.view.all(), null, false))
            .isEqualTo(benchmark.text.write(benchmark.view.all(), null, false)); // kept
                                                                                 // renderings
                                                                                 // =
                                                                                 // fresh
                                                                                 // ones
        assertThat(INITIATIVE_LABEL.matcher(direct).results().map(m -> m.group(1)).collect(Collectors.toSet()))
            .hasSize(1000);
        assertThat(direct.lines().filter(l -> !l.startsWith("#")).count())
            .isEqualTo(text.lines().filter(l -> !l.startsWith("#")).count());
    }

}
