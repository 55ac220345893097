package org.planwatch.publisher.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class EventIdsTests {

    @Test
    void anIdIsARandomUuidThatPassesTheEventIdRule() {
        String id = EventIds.next();
        UUID uuid = UUID.fromString(id);

        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(EventMapper.EVENT_ID.matcher(id).matches()).isTrue();
    }

    @Test
    void threadsDrawingAtOnceNeverRepeatAnId() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Integer> draws = IntStream.range(0, 40_000).boxed().toList();

        draws.parallelStream().forEach(i -> seen.add(EventIds.next()));

        assertThat(seen).hasSize(draws.size());
    }

}
