package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.planwatch.aggregator.view.Health;
import org.planwatch.aggregator.view.Verdict;
import org.planwatch.aggregator.view.Verdict.Flag;
import org.planwatch.events.avro.Evaluation;

/**
 * The fold skips building an initiative's condition when its verdict holds the condition
 * its state records: that check must say what comparing the built condition says.
 */
class TransitionsTests {

    private static final Instant THEN = Instant.parse("2026-03-01T00:00:00Z");

    private static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");

    private final Transitions transitions = new Transitions();

    @Test
    void aVerdictHasTheSameConditionAsAStateExactlyWhenTheConditionBuiltFromItHas() {
        List<Verdict> verdicts = everyCondition();
        List<Evaluation> previous = new ArrayList<>();
        previous.add(null);
        for (Verdict verdict : verdicts) {
            previous.add(transitions.evaluation(null, verdict, THEN));
        }
        int same = 0;
        for (Evaluation before : previous) {
            for (Verdict verdict : verdicts) {
                boolean built = transitions.sameCondition(before, transitions.evaluation(before, verdict, NOW));
                assertThat(transitions.sameCondition(before, verdict)).as("%s against %s", verdict, before)
                    .isEqualTo(built);
                same += built ? 1 : 0;
            }
        }
        assertThat(same).as("each condition is its own only").isEqualTo(verdicts.size());
    }

    /** Every health with every set of flags. */
    private static List<Verdict> everyCondition() {
        List<Verdict> all = new ArrayList<>();
        Flag[] flags = Flag.values();
        for (Health health : Health.values()) {
            for (int mask = 0; mask < 1 << flags.length; mask++) {
                Set<Flag> raised = EnumSet.noneOf(Flag.class);
                for (int i = 0; i < flags.length; i++) {
                    if ((mask & 1 << i) != 0) {
                        raised.add(flags[i]);
                    }
                }
                all.add(new Verdict(0.5, 0.5, health, raised, null));
            }
        }
        return all;
    }

}
