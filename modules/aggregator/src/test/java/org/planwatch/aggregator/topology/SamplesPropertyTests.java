package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.planwatch.events.avro.ProgressSample;

/**
 * The forecast's samples: inserting one in place is the same as adding it, sorting and
 * trimming.
 */
class SamplesPropertyTests {

    static LongStream seeds() {
        return Seeds.of(SamplesPropertyTests.class, 1000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void insertingASampleIsAddingSortingAndKeepingTheNewest(long seed) {
        Random random = new Random(seed);
        List<Integer> times = new ArrayList<>();
        for (int i = random.nextInt(31); i > 0; i--) {
            times.add(random.nextInt(41));
        }
        int time = random.nextInt(41);
        List<ProgressSample> samples = new ArrayList<>();
        for (int t : times) {
            samples = Fold.withSample(samples, sample(t, samples.size()));
        }
        ProgressSample added = sample(time, -1);

        List<ProgressSample> reference = new ArrayList<>(samples);
        reference.add(added);
        reference.sort(Comparator.comparing(ProgressSample::getAt)); // stable: the new
                                                                     // one after its
                                                                     // equals
        reference = reference.subList(Math.max(0, reference.size() - Fold.MAX_SAMPLES), reference.size());

        List<ProgressSample> inserted = Fold.withSample(samples, added);
        assertThat(inserted).containsExactlyElementsOf(reference);
        assertThat(inserted).hasSize(Math.min(samples.size() + 1, Fold.MAX_SAMPLES));
        assertThat(inserted).isSortedAccordingTo(Comparator.comparing(ProgressSample::getAt));
    }

    /** The progress value tells samples at the same time apart. */
    private static ProgressSample sample(int second, int tag) {
        return new ProgressSample(Instant.ofEpochSecond(second), (double) tag);
    }

}
