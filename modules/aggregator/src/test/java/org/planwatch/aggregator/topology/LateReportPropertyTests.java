package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.ProgressEvent;

/**
 * A late report counted from the state alone ({@link Fold#countLate}) ends where a replay
 * of every counted report ends, at every step: reports in a random order of occurredAt,
 * received in the order they arrive, retried, long enough to fill the sample window, some
 * measuring only part of the progress, some carrying none, many at the same time.
 * {@link FoldPropertyTests} covers corrections and receipts out of order through the
 * topology, which always replay.
 */
class LateReportPropertyTests {

    static final Instant T0 = FoldPropertyTests.T0;

    static LongStream seeds() {
        return Seeds.of(LateReportPropertyTests.class, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyStepEndsWhereTheReplayEnds(long seed) {
        Random random = new Random(seed);
        Initiative initiative = FoldPropertyTests.initiative();
        initiative.setMeasure(random.nextBoolean() ? Measure.KPI : Measure.PERCENT);
        if (random.nextInt(4) == 0) {
            initiative.setBaseline(0.3);
        }
        double partial = random.nextInt(3) == 0 ? 0.05 : 0.0;
        fold(initiative, arrivals(random, initiative, partial, 1 + random.nextInt(80)));
    }

    /**
     * Not a vacuous check: where every report measures the whole progress and few share a
     * time, most late reports are counted without a replay.
     */
    @Test
    void lateReportsThatMeasureTheWholeProgressAreMostlyCountedWithoutAReplay() {
        Random random = new Random(7);
        Initiative initiative = FoldPropertyTests.initiative();
        initiative.setMeasure(Measure.PERCENT);
        List<ProgressEvent> reports = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            reports.add(report("r" + i, T0.plusSeconds(i * 3_600L), random.nextInt(1001) / 10.0, null, null));
        }
        Collections.shuffle(reports, random);
        Steps steps = fold(initiative, received(reports));
        assertThat(steps.withoutReplay).as("late reports counted from the state alone")
            .isGreaterThan(steps.replays * 3);
    }

    record Steps(int withoutReplay, int replays) {
    }

    /**
     * Folds the arrivals as the processor does, and checks each state against a replay of
     * all counted so far.
     */
    static Steps fold(Initiative initiative, List<ProgressEvent> arrivals) {
        InitiativeState fresh = Fold.define(null, initiative);
        fresh.setProgressPerReport(true);
        InitiativeState state = fresh;
        List<ProgressEvent> counted = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int withoutReplay = 0;
        int replays = 0;
        for (ProgressEvent event : arrivals) {
            if (!ids.add(event.getEventId())) {
                continue; // a retry: the duplicate check
            }
            counted.add(event);
            InitiativeState next;
            if (Fold.countable(state, event)) {
                next = Fold.count(state, event);
            }
            else {
                next = Fold.countLate(state, event);
                if (next == null) {
                    next = Fold.replay(state, counted);
                    replays++;
                }
                else {
                    withoutReplay++;
                }
            }
            assertThat(next).as("after %s, counted %d", event.getEventId(), counted.size())
                .isEqualTo(Fold.replay(fresh, counted));
            state = next;
        }
        return new Steps(withoutReplay, replays);
    }

    /**
     * {@code size} reports over 60 days, shuffled and retried, received as they arrive.
     */
    static List<ProgressEvent> arrivals(Random random, Initiative initiative, double partial, int size) {
        List<ProgressEvent> reports = new ArrayList<>();
        // Progress at random, flat, rising or falling with time: long stalls move the
        // stall
        // clock's answer before the sample window.
        int trend = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            int day = random.nextInt(61);
            Instant at = T0.plusSeconds(day * 86_400L + random.nextInt(3) * 3_600L);
            double share = switch (trend) {
                case 0 -> random.nextDouble();
                case 1 -> random.nextInt(10) == 0 ? random.nextDouble() : 0.4;
                case 2 -> day / 60.0;
                default -> 1 - day / 60.0;
            };
            Double percent = Math.round(share * 1000) / 10.0;
            Double kpi = (double) Math.round(share * 90);
            double kind = random.nextDouble();
            if (kind < partial) {
                // Measures only part: the other measure's read alone.
                percent = initiative.getMeasure() == Measure.PERCENT ? null : percent;
                kpi = initiative.getMeasure() == Measure.KPI ? null : kpi;
            }
            else if (kind < partial + 0.1) {
                percent = null; // carries no progress: a note
                kpi = null;
            }
            else if (random.nextBoolean()) {
                // The whole of its measure, without the other's read.
                percent = initiative.getMeasure() == Measure.PERCENT ? percent : null;
                kpi = initiative.getMeasure() == Measure.KPI ? kpi : null;
            }
            reports.add(report("e" + i, at, percent, kpi, random.nextBoolean() ? "按期推进" : null));
        }
        List<ProgressEvent> arrivals = new ArrayList<>(reports);
        for (int i = 0; i < size / 4; i++) {
            arrivals.add(reports.get(random.nextInt(size)));
        }
        Collections.shuffle(arrivals, random);
        return received(arrivals);
    }

    /** Copies received an hour apart, in the order given. */
    static List<ProgressEvent> received(List<ProgressEvent> arrivals) {
        List<ProgressEvent> received = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); i++) {
            ProgressEvent copy = ProgressEvent.newBuilder(arrivals.get(i)).build();
            copy.setReceivedAt(T0.plusSeconds(100L * 86_400 + i * 3_600L));
            received.add(copy);
        }
        return received;
    }

    static ProgressEvent report(String id, Instant at, Double percent, Double kpi, String note) {
        return ProgressEvent.newBuilder()
            .setEventId(id)
            .setInitiativeId("subject")
            .setOccurredAt(at)
            .setReceivedAt(at)
            .setReportedBy("r")
            .setDepartment("d")
            .setNote(note)
            .setPercentComplete(percent)
            .setKpis(kpi == null ? Map.of() : Map.of("villas", kpi))
            .setSource(EventSource.HTTP)
            .build();
    }

}
