package org.planwatch.aggregator.metrics;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.planwatch.aggregator.view.InitiativeSnapshot;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiReading;

/**
 * The per-initiative metric families, defined once and written two ways: as Prometheus
 * client snapshots ({@link InitiativeMetrics}, for protobuf scrapes) and straight to text
 * ({@link InitiativeText}, for the scrapes Prometheus makes). Every sample carries the
 * labels {@code initiative}, {@code program} and {@code department}, plus at most one
 * more ({@link Family#extraLabel}). Label values come only from the catalog; nothing a
 * reporter writes becomes a label. Names are in docs/supervisors.md's metrics table; a
 * test asserts each of them.
 */
final class InitiativeFamilies {

    /** How a family is typed; the name the samples carry follows from it. */
    enum Kind {

        GAUGE(""), COUNTER("_total"), INFO("_info");

        final String sampleSuffix;

        Kind(String sampleSuffix) {
            this.sampleSuffix = sampleSuffix;
        }

    }

    /**
     * Receives one sample of a family: the value of its extra label (null when it has
     * none) and the value.
     */
    interface Sink {

        void sample(String extra, double value);

    }

    /**
     * Reads a family's samples (none, one or several) out of one initiative's snapshot.
     */
    interface Samples {

        void of(InitiativeSnapshot snapshot, Sink sink);

    }

    /**
     * @param name the family's name without the suffix its kind adds to samples
     * ({@code _total}, {@code _info})
     * @param extraLabel the label beyond the three every sample has, or null
     * @param reads the part of the snapshot's verdict the samples read, or null when they
     * read only its state: a kept rendering of a family stays right while the state and
     * that part do (a test holds every family to what it declares). An evaluation pass
     * moves the expected progress of every started initiative and little else, so only
     * that family is rendered again after it.
     */
    record Family(String name, Kind kind, String help, String extraLabel, Function<Verdict, Object> reads,
            Samples samples) {

        String sampleName() {
            return name + kind.sampleSuffix;
        }

        /** Whether the samples read the verdict at all. */
        boolean judged() {
            return reads != null;
        }
    }

    private static final String[] DECLARED = Arrays.stream(DeclaredHealth.values())
        .map(h -> h.name().toLowerCase(Locale.ROOT))
        .toArray(String[]::new);

    private InitiativeFamilies() {
    }

    static List<Family> all(ZoneId zone) {
        return List.of(
                new Family("initiative", Kind.INFO,
                        "Catalog entry of an initiative (its name as the plan writes it); always 1", "name", null,
                        (s, sink) -> sink.sample(s.state().getInitiative().getName(), 1)),
                judged("initiative_progress_ratio",
                        "Progress by the initiative's measure (or its children's weighted mean), 0-1",
                        Verdict::progress, (s, sink) -> sink.sample(null, s.verdict().progress())),
                judged("initiative_expected_progress_ratio", "Progress the trajectory expects by now, 0-1",
                        Verdict::expected, (s, sink) -> sink.sample(null, s.verdict().expected())),
                // Only the current state, not a 0/1 series per state: five series per
                // initiative for one fact would swell every scrape for nothing. Queries
                // select it the same way (initiative_health{health="at_risk"} == 1, sum
                // by (health)).
                new Family("initiative_health", Kind.GAUGE, "1, labelled with the computed health the initiative is in",
                        "health", Verdict::health, (s, sink) -> sink.sample(s.verdict().health().label(), 1)),
                new Family("initiative_declared_health", Kind.GAUGE,
                        "1, labelled with the health the department last declared; absent before any declaration",
                        "health", null, (s, sink) -> {
                            DeclaredHealth declared = s.state().getDeclaredHealth();
                            if (declared != null) {
                                sink.sample(DECLARED[declared.ordinal()], 1);
                            }
                        }),
                judged("initiative_health_divergence",
                        "1 when the department declares on_track but the computed health is off_track",
                        Verdict::divergent, (s, sink) -> sink.sample(null, s.verdict().divergent() ? 1 : 0)),
                judged("initiative_stalled",
                        "1 when started, not completed, and progress has not risen for stallAfterDays",
                        Verdict::stalled, (s, sink) -> sink.sample(null, s.verdict().stalled() ? 1 : 0)),
                judged("initiative_silent",
                        "1 when started, not completed, and no report arrived for 1.5 reporting cadences",
                        Verdict::silent, (s, sink) -> sink.sample(null, s.verdict().silent() ? 1 : 0)),
                gauge("initiative_last_report_timestamp_seconds",
                        "occurredAt of the latest counted report, Unix seconds",
                        (s, sink) -> seconds(sink, s.state().getLastReportAt())),
                gauge("initiative_last_progress_timestamp_seconds", "When progress last rose, Unix seconds",
                        (s, sink) -> seconds(sink, s.state().getLastProgressAt())),
                gauge("initiative_due_timestamp_seconds", "End of the due date in the plan's time zone, Unix seconds",
                        (s, sink) -> seconds(sink,
                                s.state().getInitiative().getDueDate().plusDays(1).atStartOfDay(zone).toInstant())),
                judged("initiative_forecast_completion_timestamp_seconds",
                        "When progress reaches 1 at the recent pace, Unix seconds; absent when unknown",
                        Verdict::forecastCompletion, (s, sink) -> seconds(sink, s.verdict().forecastCompletion())),
                judged("initiative_forecast_late", "1 when the forecast completion is after the due date",
                        Verdict::forecastLate, (s, sink) -> sink.sample(null, s.verdict().forecastLate() ? 1 : 0)),
                new Family("initiative_kpi_value", Kind.GAUGE, "Latest reported value of a KPI", "kpi", null,
                        (s, sink) -> {
                            InitiativeState state = s.state();
                            for (Kpi kpi : state.getInitiative().getKpis()) {
                                KpiReading reading = state.getKpis().get(kpi.getId());
                                if (reading != null) {
                                    sink.sample(kpi.getId(), reading.getValue());
                                }
                            }
                        }),
                new Family("initiative_kpi_target", Kind.GAUGE, "Target of a KPI", "kpi", null, (s, sink) -> {
                    for (Kpi kpi : s.state().getInitiative().getKpis()) {
                        sink.sample(kpi.getId(), kpi.getTarget());
                    }
                }), gauge("initiative_milestones_reached", "Milestones reached (exported when the initiative has any)",
                        (s, sink) -> {
                            Initiative initiative = s.state().getInitiative();
                            if (!initiative.getMilestones().isEmpty()) {
                                sink.sample(null,
                                        initiative.getMilestones()
                                            .stream()
                                            .filter(m -> s.state().getMilestonesReached().containsKey(m.getId()))
                                            .count());
                            }
                        }),
                // Named initiative_milestones_total by the metric contract; the
                // Prometheus client reserves the _total suffix for counters, so it is
                // typed as one, though a re-baseline may lower it.
                new Family("initiative_milestones", Kind.COUNTER,
                        "Milestones planned for the initiative (exported when it has any)", null, null, (s, sink) -> {
                            int planned = s.state().getInitiative().getMilestones().size();
                            if (planned > 0) {
                                sink.sample(null, planned);
                            }
                        }),
                new Family("initiative_events", Kind.COUNTER, "Distinct progress events counted for the initiative",
                        null, null, (s, sink) -> sink.sample(null, s.state().getEventsCounted())));
    }

    private static Family gauge(String name, String help, Samples samples) {
        return new Family(name, Kind.GAUGE, help, null, null, samples);
    }

    private static Family judged(String name, String help, Function<Verdict, Object> reads, Samples samples) {
        return new Family(name, Kind.GAUGE, help, null, reads, samples);
    }

    private static void seconds(Sink sink, Instant instant) {
        if (instant != null) {
            sink.sample(null, instant.toEpochMilli() / 1000.0);
        }
    }

}
