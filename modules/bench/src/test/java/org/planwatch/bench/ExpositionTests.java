package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A service's own histograms and gauges, read from its exposition between two scrapes.
 */
class ExpositionTests {

    private static final String BEFORE = """
            # TYPE progress_fold_delay_seconds histogram
            progress_fold_delay_seconds_bucket{le="0.1"} 10
            progress_fold_delay_seconds_bucket{le="1.0"} 10
            progress_fold_delay_seconds_bucket{le="+Inf"} 10
            """;

    @Test
    void boundsAreOverWhatWasCountedBetweenTheScrapes() {
        // 100 more: 60 within 100 ms, 39 within 1 s, one beyond.
        String after = """
                progress_fold_delay_seconds_bucket{le="0.1"} 70
                progress_fold_delay_seconds_bucket{le="1.0"} 109
                progress_fold_delay_seconds_bucket{le="+Inf"} 110
                """;
        assertThat(Exposition.delayBounds("progress_fold_delay_seconds", BEFORE, after)).containsExactly("100",
                "1,000");
        assertThat(Exposition.boundMillis("1,000")).isEqualTo(1000);
    }

    @Test
    void theSeriesOfAHistogramAreSummedAndTheLastBucketIsInfinity() {
        String before = BEFORE.replace("le=", "pod=\"a\",le=") + BEFORE.replace("le=", "pod=\"b\",le=");
        String after = """
                progress_fold_delay_seconds_bucket{pod="a",le="0.1"} 10
                progress_fold_delay_seconds_bucket{pod="a",le="1.0"} 10
                progress_fold_delay_seconds_bucket{pod="a",le="+Inf"} 15
                progress_fold_delay_seconds_bucket{pod="b",le="0.1"} 10
                progress_fold_delay_seconds_bucket{pod="b",le="1.0"} 10
                progress_fold_delay_seconds_bucket{pod="b",le="+Inf"} 15
                """;
        String[] bounds = Exposition.delayBounds("progress_fold_delay_seconds", before, after);
        assertThat(bounds).containsExactly("∞", "∞");
        assertThat(Exposition.boundMillis(bounds[1])).isInfinite();
    }

    @Test
    void nothingToReadIsAQuestionMark() {
        assertThat(Exposition.delayBounds("progress_fold_delay_seconds", "", BEFORE)).containsExactly("?", "?");
        assertThat(Exposition.delayBounds("progress_fold_delay_seconds", BEFORE, BEFORE)).containsExactly("?", "?");
        assertThat(Exposition.boundMillis("?")).isNaN();
    }

    @Test
    void aGaugeIsItsFirstSample() {
        String exposition = "kafka_stream_thread_process_rate{thread_id=\"t-1\"} 1234.5\n"
                + "kafka_stream_thread_process_rate{thread_id=\"t-2\"} 7.0\n";
        assertThat(Exposition.gauge(exposition, "kafka_stream_thread_process_rate")).isEqualTo("1,235");
        assertThat(Exposition.gauge(exposition, "kafka_stream_thread_poll_latency_avg")).isEqualTo("?");
    }

    @Test
    void aSumIsOverEverySeriesOfThatNameAlone() {
        String exposition = BEFORE + "progress_fold_delay_seconds_count{pod=\"a\"} 40.0\n"
                + "progress_fold_delay_seconds_count{pod=\"b\"} 2.0\n" + "progress_fold_delay_seconds_count_x 5.0\n"
                + "process_uptime_seconds 3.0\n";
        assertThat(Exposition.sum(exposition, "progress_fold_delay_seconds_count")).isEqualTo(42.0);
        assertThat(Exposition.sum(exposition, "process_uptime_seconds")).as("without labels").isEqualTo(3.0);
        assertThat(Exposition.sum(exposition, "progress_fold_delay_seconds_sum")).isZero();
    }

}
