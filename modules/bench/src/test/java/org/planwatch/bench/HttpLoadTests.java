package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Percentiles of the harness's own latencies, from a histogram of nanoseconds. */
class HttpLoadTests {

    @Test
    void percentilesAreTheNearestRankInMillisecondsWithinAThousandth() {
        Histogram nanos = new Histogram(HttpLoad.DIGITS);
        for (int ms = 1; ms <= 200; ms++) {
            nanos.recordValue(ms * 1_000_000L);
        }
        assertThat(HttpLoad.millisAt(nanos, 50)).isCloseTo(100, within(0.1));
        assertThat(HttpLoad.millisAt(nanos, 99)).isCloseTo(198, within(0.2));
        assertThat(HttpLoad.millisAt(nanos, 100)).isCloseTo(200, within(0.2));
        assertThat(HttpLoad.millisAt(new Histogram(HttpLoad.DIGITS), 99)).as("no calls").isNaN();
    }

}
