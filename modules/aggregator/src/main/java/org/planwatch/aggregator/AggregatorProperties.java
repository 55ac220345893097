package org.planwatch.aggregator;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.planwatch.events.Topics;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.StatusCondition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param topics how the topics the aggregator needs are created when it starts before the
 * publisher; must match the publisher's settings
 * @param rules how health, silence and forecasts are judged
 * @param evaluationInterval how often every initiative is re-judged against the wall
 * clock, so an initiative goes stalled or silent with no event arriving
 * @param publishStatus whether the judged states go to {@code initiative-status} (the
 * desk and every other whole-plan reader follow it); off only to measure what it costs
 * @param supervision the clock rules of supervision slips (督办) and the rules that issue
 * them
 * @param commitInterval how often each stream thread's tasks publish their statuses and
 * the thread commits what changed (ADR 0001, ADR 0018): a report reaches the desk within
 * about this, and a state is written at most once in it; Streams' own
 * {@code commit.interval.ms} is only a fallback
 * @param catchUp how a task that reads a backlog commits instead (ADR 0016)
 */
@ConfigurationProperties("planwatch.aggregator")
public record AggregatorProperties(@DefaultValue TopicSettings topics, @DefaultValue Rules rules,
        @DefaultValue("1m") Duration evaluationInterval, @DefaultValue("true") boolean publishStatus,
        @DefaultValue Supervision supervision, @DefaultValue("200ms") Duration commitInterval,
        @DefaultValue CatchUp catchUp) {

    /**
     * A task that counts {@code records} or more per commit interval is reading a
     * backlog: it then publishes and commits once per slot of {@code commitInterval}
     * instead (slots its thread's tasks share), until a whole slot reads below that rate,
     * so each changed state and status is written once per that longer interval. Live
     * traffic stays far below {@code records} per commit interval.
     */
    public record CatchUp(@DefaultValue("400") long records, @DefaultValue("2s") Duration commitInterval) {
    }

    public record TopicSettings(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor,
            @DefaultValue("1") int minInSyncReplicas) {

        public Topics.TopicSettings settings() {
            return new Topics.TopicSettings(partitions, replicationFactor, minInSyncReplicas);
        }
    }

    /**
     * @param zone time zone of plan dates (a date's day starts at midnight there)
     * @param onTrackShortfall largest shortfall, (expected - progress) / expected, still
     * on track
     * @param atRiskShortfall largest shortfall still at risk; beyond it, off track
     * @param silentAfterCadences silent after this many reporting cadences without a
     * report
     * @param forecastSamples how many of the latest reports the forecast's least-squares
     * fit uses
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

    /**
     * @param escalateAfterWorkingDays an unanswered slip rises one colour (blue → yellow
     * → red) after this many working days in its colour
     * @param holidays days that are not working days besides Saturdays and Sundays (the
     * plan's zone)
     * @param signWithinWorkingDays sign-by of a slip a rule issues: this many working
     * days on
     * @param answerWithinWorkingDays answer-by of a slip a rule issues
     * @param autoIssue the rules that issue slips on their own; none by default
     */
    public record Supervision(@DefaultValue("3") int escalateAfterWorkingDays, @DefaultValue List<LocalDate> holidays,
            @DefaultValue("1") int signWithinWorkingDays, @DefaultValue("5") int answerWithinWorkingDays,
            @DefaultValue List<AutoIssue> autoIssue) {

        public Supervision {
            if (escalateAfterWorkingDays < 1 || signWithinWorkingDays < 0
                    || answerWithinWorkingDays < signWithinWorkingDays) {
                throw new IllegalArgumentException(
                        "Need escalateAfterWorkingDays >= 1 and 0 <= signWithinWorkingDays <= answerWithinWorkingDays");
            }
            holidays = List.copyOf(holidays);
            autoIssue = List.copyOf(autoIssue);
        }

        public static Supervision defaults() {
            return new Supervision(3, List.of(), 1, 5, List.of());
        }
    }

    /**
     * Issue a slip of {@code colour} once {@code condition} has held this long (the
     * larger of the two), unless a slip for it is open: e.g. silent for two cadences
     * gives blue, overdue gives red.
     */
    public record AutoIssue(String name, StatusCondition condition, SlipColour colour,
            @DefaultValue("0") double heldForDays, @DefaultValue("0") double heldForCadences) {

        public AutoIssue {
            if (name == null || !name.matches("[a-z][a-z0-9-]{0,31}") || condition == null || colour == null
                    || heldForDays < 0 || heldForCadences < 0) {
                throw new IllegalArgumentException(
                        "An auto-issue rule needs a slug name, a condition, a colour," + " and held-for values >= 0");
            }
        }
    }
}
