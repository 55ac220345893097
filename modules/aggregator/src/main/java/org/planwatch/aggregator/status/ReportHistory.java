package org.planwatch.aggregator.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.planwatch.aggregator.topology.CountedHistory;
import org.planwatch.aggregator.topology.ProgressTopology;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.avro.ProgressEvent;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Reads an initiative's counted events from this instance's stores (interactive queries).
 */
@Component
class ReportHistory {

    private static final char SEPARATOR = '\u0000';

    private final StreamsBuilderFactoryBean streams;

    private final AvroCodec<ProgressEvent> events = AvroCodec.of(ProgressEvent.class);

    ReportHistory(StreamsBuilderFactoryBean streams) {
        this.streams = streams;
    }

    private void add(Map<String, ProgressEvent> byId, byte[] value) {
        ProgressEvent event = events.decode(value);
        byId.put(event.getEventId(), event);
    }

    HistoryPage page(String initiativeId, int page, int size) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        CountedHistory counted = kafkaStreams
            .store(StoreQueryParameters.fromNameAndType(ProgressTopology.COUNTED_STORE, CountedHistory.TYPE));
        // Events of an initiative its task has not met since the chunks came in are still
        // where they were counted before (ADR 0019).
        ReadOnlyKeyValueStore<String, byte[]> countedBefore = kafkaStreams.store(StoreQueryParameters.fromNameAndType(
                ProgressTopology.EVENT_KEYED_COUNTED_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        Map<String, ProgressEvent> byId = new HashMap<>();
        try (KeyValueIterator<String, byte[]> it = countedBefore.prefixScan(initiativeId + SEPARATOR,
                new StringSerializer())) {
            it.forEachRemaining(kv -> add(byId, kv.value));
        }
        counted.committed(initiativeId).forEach(value -> add(byId, value));
        List<ProgressEvent> all = new ArrayList<>(byId.values());
        Map<String, String> supersededBy = new HashMap<>();
        for (ProgressEvent event : all) {
            if (event.getSupersedes() != null) {
                supersededBy.put(event.getSupersedes(), event.getEventId());
            }
        }
        all.sort(
                Comparator.comparing(ProgressEvent::getOccurredAt).thenComparing(ProgressEvent::getEventId).reversed());
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new HistoryPage(initiativeId, page, size, all.size(),
                all.subList(from, to).stream().map(e -> HistoryPage.Entry.of(e, supersededBy)).toList());
    }

}
