package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class FillTests {

    @Test
    void theShuffledOrderKeepsEveryEventOnItsInitiativesSlotsButNotInOrder() {
        int count = 1_000;
        int initiatives = 30;
        int[] order = Fill.shuffledWithinEach(count, initiatives);

        assertThat(Arrays.stream(order).sorted().toArray()).isEqualTo(IntStream.range(0, count).toArray());
        for (int slot = 0; slot < count; slot++) {
            assertThat(order[slot] % initiatives).isEqualTo(slot % initiatives);
        }
        long outOfOrder = IntStream.range(initiatives, count)
            .filter(slot -> order[slot] < order[slot - initiatives])
            .count();
        assertThat(outOfOrder).as("reports older than the one before them on their initiative")
            .isGreaterThan(count / 4);
    }

}
