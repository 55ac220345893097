package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** What readiness and liveness answer for each state of the Streams application. */
class StreamsProbesTests {

    @Test
    void readyOnlyWhenRunningAndRestoredToWithinTheAllowedLag() {
        assertThat(StreamsHealth.readiness(State.RUNNING, 0L, 1000).getStatus()).isEqualTo(Status.UP);
        assertThat(StreamsHealth.readiness(State.RUNNING, 1000L, 1000).getStatus()).isEqualTo(Status.UP);
        assertThat(StreamsHealth.readiness(State.RUNNING, 1001L, 1000).getStatus()).as("still restoring")
            .isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(StreamsHealth.readiness(State.RUNNING, null, 1000).getStatus()).as("lag unknown: the state decides")
            .isEqualTo(Status.UP);
        assertThat(StreamsHealth.readiness(State.REBALANCING, null, 1000).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(StreamsHealth.readiness(State.CREATED, null, 1000).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        for (State failed : new State[] { State.ERROR, State.PENDING_ERROR, State.NOT_RUNNING,
                State.PENDING_SHUTDOWN }) {
            assertThat(StreamsHealth.readiness(failed, null, 1000).getStatus()).as(failed.name())
                .isEqualTo(Status.DOWN);
        }
        assertThat(StreamsHealth.readiness(State.RUNNING, 5000L, 1000).getDetails()).containsEntry("storeLag", 5000L);
    }

    @Test
    void aliveWhileStartingRebalancingOrRunningWithEveryThreadButNotOnceAThreadDiedOrItFailed() {
        assertThat(StreamsLiveness.liveness(State.CREATED, 0, 1).getStatus()).isEqualTo(Status.UP);
        assertThat(StreamsLiveness.liveness(State.REBALANCING, 1, 1).getStatus()).isEqualTo(Status.UP);
        assertThat(StreamsLiveness.liveness(State.RUNNING, 2, 2).getStatus()).isEqualTo(Status.UP);
        assertThat(StreamsLiveness.liveness(State.RUNNING, 1, 2).getStatus()).as("a dead stream thread")
            .isEqualTo(Status.DOWN);
        for (State failed : new State[] { State.ERROR, State.PENDING_ERROR, State.NOT_RUNNING,
                State.PENDING_SHUTDOWN }) {
            assertThat(StreamsLiveness.liveness(failed, 0, 1).getStatus()).as(failed.name()).isEqualTo(Status.DOWN);
        }
    }

}
