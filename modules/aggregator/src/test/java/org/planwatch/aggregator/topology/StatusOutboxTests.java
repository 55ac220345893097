package org.planwatch.aggregator.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StatusOutboxTests {

    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void aPassTakesWhatWaitedLongestAndTheRestKeepTheirPlaceAndEarliestChange() {
        StatusOutbox outbox = new StatusOutbox();
        outbox.put("a", T0);
        outbox.put("b", T0.plusSeconds(1));
        outbox.put("c", T0.plusSeconds(2));
        outbox.put("a", T0.plusSeconds(3));

        assertThat(outbox.drain(2)).containsExactly(entry("a", T0), entry("b", T0.plusSeconds(1)));

        outbox.put("d", T0.plusSeconds(4));
        outbox.put("c", T0.plusSeconds(5));
        assertThat(outbox.drain(10)).containsExactly(entry("c", T0.plusSeconds(2)), entry("d", T0.plusSeconds(4)));
        assertThat(outbox.drain(10)).isEmpty();
    }

    @Test
    void theBudgetGrowsWithTheEventsCountedAboveAFloor() {
        assertThat(StatusPublication.budget(0)).isEqualTo(StatusPublication.FLOOR);
        assertThat(StatusPublication.budget(4 * StatusPublication.FLOOR)).isEqualTo(StatusPublication.FLOOR);
        assertThat(StatusPublication.budget(100_000)).isEqualTo(100_000 / StatusPublication.EVENTS_PER_STATUS);
        assertThat(StatusPublication.budget(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    static Map.Entry<String, Instant> entry(String id, Instant at) {
        return Map.entry(id, at);
    }

}
