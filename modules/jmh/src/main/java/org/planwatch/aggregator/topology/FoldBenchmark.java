package org.planwatch.aggregator.topology;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.jmh.Plans;

/**
 * The fold's paths: {@code count}, taken by an event that comes after everything counted
 * (the common case); {@code late}, taken by a late report when the state can tell what it
 * changes; and {@code replay}, taken by any other late or correcting event, which
 * rebuilds the state from the initiative's whole history. Their costs against the
 * history's size, hence the sizes. And the first step of each, a new state from the old:
 * {@code copy} (now) against {@code builderCopy} (before), in the same run.
 *
 * <p>
 * In the fold's package because {@link Fold} is package-private; JMH needs the classes
 * public.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Avro records are made before any AvroCodec, which sets this in the services.
@Fork(value = 1, jvmArgsAppend = "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=org.planwatch.events.avro")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FoldBenchmark {

    /**
     * A state after forty reports (so its sample window is full) and the forty-first,
     * later than all of them.
     */
    @State(Scope.Benchmark)
    public static class InOrder {

        InitiativeState state;

        ProgressEvent next;

        @Setup
        public void setUp() {
            Initiative initiative = Plans.initiative(3);
            state = Fold.replay(Plans.fresh(initiative), Plans.history(initiative, 40));
            next = Plans.report(initiative, 40);
        }

    }

    @State(Scope.Benchmark)
    public static class History {

        @Param({ "10", "100", "1000" })
        int events;

        InitiativeState current;

        List<ProgressEvent> counted;

        @Setup
        public void setUp() {
            Initiative initiative = Plans.initiative(3);
            current = Plans.fresh(initiative);
            counted = Plans.history(initiative, events);
        }

    }

    /**
     * A history counted in order but for one report, five from the newest, which then
     * arrives late: {@link Fold#countLate} counts it from the state alone.
     */
    @State(Scope.Benchmark)
    public static class Late {

        @Param({ "10", "100", "1000" })
        int events;

        InitiativeState state;

        ProgressEvent late;

        @Setup
        public void setUp() {
            Initiative initiative = Plans.initiative(3);
            int lateOne = events - 5;
            InitiativeState folded = Plans.fresh(initiative);
            folded.setProgressPerReport(true);
            for (int n = 0; n < events; n++) {
                if (n != lateOne) {
                    folded = Fold.count(folded, Plans.report(initiative, n));
                }
            }
            late = Plans.report(initiative, lateOne);
            late.setReceivedAt(folded.getLastReceivedAt().plusSeconds(60));
            state = folded;
            if (Fold.countLate(state, late) == null) {
                throw new IllegalStateException("the late report would be replayed");
            }
        }

    }

    @Benchmark
    public InitiativeState count(InOrder s) {
        return Fold.count(s.state, s.next);
    }

    /**
     * What the fold does to start a new state now: share the field values
     * ({@link Fold#copy}).
     */
    @Benchmark
    public InitiativeState copy(InOrder s) {
        return Fold.copy(s.state);
    }

    /**
     * What it did before: an Avro builder, which deep-copies every field, the catalog
     * entry included.
     */
    @Benchmark
    public InitiativeState builderCopy(InOrder s) {
        return InitiativeState.newBuilder(s.state).build();
    }

    @Benchmark
    public InitiativeState replay(History s) {
        return Fold.replay(s.current, s.counted);
    }

    @Benchmark
    public InitiativeState late(Late s) {
        return Fold.countLate(s.state, s.late);
    }

}
