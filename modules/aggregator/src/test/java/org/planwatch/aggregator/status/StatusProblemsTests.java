package org.planwatch.aggregator.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class StatusProblemsTests {

    @Test
    void aStoreThatIsMovingIsAnsweredLaterNotAsAnError() {
        ResponseEntity<ProblemDetail> answer = new StatusProblems().rebalancing(new InvalidStateStoreException(
                "Cannot get state store counted-events because the stream thread is PARTITIONS_ASSIGNED, not RUNNING"));
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(answer.getBody().getType().toString()).isEqualTo("/problems/rebalancing");
        assertThat(answer.getBody().getDetail()).doesNotContain("PARTITIONS_ASSIGNED");
    }

}
