package org.planwatch.aggregator;

import java.time.Duration;
import java.time.ZoneId;

import org.planwatch.events.Topics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topics how the topics the aggregator needs are created when it starts before the
 *     publisher; must match the publisher's settings
 * @param rules how health, silence and forecasts are judged
 * @param evaluationInterval how often every initiative is re-judged against the wall clock, so an
 *     initiative goes stalled or silent with no event arriving
 * @param publishStatus whether the judged states go to {@code initiative-status} (the desk and every
 *     other whole-plan reader follow it); off only to measure what it costs
 */
@ConfigurationProperties("planwatch.aggregator")
public record AggregatorProperties(@DefaultValue TopicSettings topics, @DefaultValue Rules rules,
        @DefaultValue("1m") Duration evaluationInterval, @DefaultValue("true") boolean publishStatus) {

    public record TopicSettings(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
            @DefaultValue("1") int minInSyncReplicas) {

        public Topics.TopicSettings settings() {
            return new Topics.TopicSettings(partitions, replicationFactor, minInSyncReplicas);
        }
    }

    /**
     * @param zone time zone of plan dates (a date's day starts at midnight there)
     * @param onTrackShortfall largest shortfall, (expected - progress) / expected, still on track
     * @param atRiskShortfall largest shortfall still at risk; beyond it, off track
     * @param silentAfterCadences silent after this many reporting cadences without a report
     * @param forecastSamples how many of the latest reports the forecast's least-squares fit uses
     */
    public record Rules(@DefaultValue("Asia/Shanghai") ZoneId zone, @DefaultValue("0.10") double onTrackShortfall,
            @DefaultValue("0.30") double atRiskShortfall, @DefaultValue("1.5") double silentAfterCadences,
            @DefaultValue("8") int forecastSamples) {

        public Rules {
            if (!(onTrackShortfall >= 0 && onTrackShortfall <= atRiskShortfall && atRiskShortfall <= 1)) {
                throw new IllegalArgumentException("Need 0 <= onTrackShortfall <= atRiskShortfall <= 1");
            }
            if (!(silentAfterCadences > 0) || forecastSamples < 2) {
                throw new IllegalArgumentException("Need silentAfterCadences > 0 and forecastSamples >= 2");
            }
        }

        public static Rules defaults() {
            return new Rules(ZoneId.of("Asia/Shanghai"), 0.10, 0.30, 1.5, 8);
        }
    }
}
