package org.planwatch.aggregator.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.Measure;

/** The per-program sums the view keeps as it changes are the sums over what it holds. */
class InitiativeViewTests {

    static final Verdict VERDICT = Verdict.of(0, 0, Health.NOT_STARTED);
    static final String[] PROGRAMS = { "economy", "livelihood", "environment" };

    final InitiativeView view = new InitiativeView();

    @Test
    void programTotalsAreTheSumsOverEveryHeldInitiativeThroughPutsRemovesAndReleases() {
        Random random = new Random(20261127);
        Map<String, long[]> counts = new HashMap<>(); // by initiative: events counted,
                                                      // duplicates
        for (int step = 0; step < 5_000; step++) {
            int op = random.nextInt(20);
            String id = "i" + random.nextInt(60);
            if (op == 0) {
                view.release(new TaskId(0, random.nextInt(4)));
            }
            else if (op == 1) {
                view.remove(id);
            }
            else {
                long[] c = counts.computeIfAbsent(id, k -> new long[2]);
                c[0] += random.nextInt(3);
                c[1] += random.nextInt(2);
                // Now and then the catalog moves an initiative to another program (and
                // back after).
                String program = op == 2 ? PROGRAMS[random.nextInt(PROGRAMS.length)]
                        : PROGRAMS[Math.floorMod(id.hashCode(), PROGRAMS.length)];
                view.put(new TaskId(0, Math.floorMod(id.hashCode(), 4)), snapshot(id, program, c[0], c[1]));
            }
            assertThat(view.programTotals()).as("after step %d", step).isEqualTo(summed(view.all()));
        }
        assertThat(view.programTotals()).isNotEmpty();
    }

    @Test
    void aProgramNoHeldInitiativeIsInIsLeftOut() {
        view.put(new TaskId(0, 0), snapshot("a", "economy", 3, 1));
        view.put(new TaskId(0, 1), snapshot("b", "livelihood", 5, 0));
        view.release(new TaskId(0, 1));

        assertThat(view.programTotals()).containsOnlyKeys("economy")
            .containsEntry("economy", new InitiativeView.ProgramTotals(1, 3, 1));
    }

    /**
     * Prometheus reads a drop in a counter as a restart: an initiative's new snapshot
     * must move its program's sum by the difference in one step, never by the new value
     * first and the old one taken off after. A reader on another thread samples the sum
     * while the writer raises it; it catches the wrong order only when it looks in
     * between (it did, run against that mistake).
     */
    @Test
    void aReaderNeverSeesTheSumStepDownWhileAnInitiativesCountsRise() {
        view.put(new TaskId(0, 0), snapshot("other", "economy", 1_000, 0));
        Initiative rising = initiative("rising", "economy");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (long n = 1; n <= 200_000; n++) {
                view.put(new TaskId(0, 0), new InitiativeSnapshot(
                        InitiativeState.newBuilder().setInitiative(rising).setEventsCounted(n).build(), VERDICT));
            }
        });
        long last = 0;
        long readings = 0;
        while (!writer.isDone()) {
            long now = view.programTotals().get("economy").eventsCounted();
            assertThat(now).as("reading %d after %d", readings, last).isGreaterThanOrEqualTo(last);
            last = now;
            readings++;
        }
        writer.join();

        assertThat(view.programTotals().get("economy").eventsCounted()).isEqualTo(201_000L);
        assertThat(readings).isPositive();
    }

    private static Map<String, InitiativeView.ProgramTotals> summed(List<InitiativeSnapshot> all) {
        Map<String, long[]> sums = new TreeMap<>();
        for (InitiativeSnapshot s : all) {
            long[] sum = sums.computeIfAbsent(s.state().getInitiative().getProgram(), p -> new long[3]);
            sum[0]++;
            sum[1] += s.state().getEventsCounted();
            sum[2] += s.state().getDuplicates();
        }
        Map<String, InitiativeView.ProgramTotals> totals = new TreeMap<>();
        sums.forEach((program, sum) -> totals.put(program, new InitiativeView.ProgramTotals(sum[0], sum[1], sum[2])));
        return totals;
    }

    static InitiativeSnapshot snapshot(String id, String program, long counted, long duplicates) {
        return new InitiativeSnapshot(InitiativeState.newBuilder()
            .setInitiative(initiative(id, program))
            .setEventsCounted(counted)
            .setDuplicates(duplicates)
            .build(), VERDICT);
    }

    static Initiative initiative(String id, String program) {
        return Initiative.newBuilder()
            .setId(id)
            .setName(id)
            .setProgram(program)
            .setDepartment("d")
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setMeasure(Measure.PERCENT)
            .setKpis(List.of())
            .setMilestones(List.of())
            .setUpdatedAt(Instant.EPOCH)
            .setUpdatedBy("test")
            .build();
    }

}
