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

    HistoryPage page(String initiativeId, int page, int size) {
        KafkaStreams kafkaStreams = streams.getKafkaStreams();
        ReadOnlyKeyValueStore<String, byte[]> counted = kafkaStreams.store(StoreQueryParameters
            .fromNameAndType(ProgressTopology.COUNTED_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        ReadOnlyKeyValueStore<String, String> superseded = kafkaStreams.store(StoreQueryParameters
            .fromNameAndType(ProgressTopology.SUPERSEDED_STORE, QueryableStoreTypes.<String, String>keyValueStore()));
        String prefix = initiativeId + SEPARATOR;
        List<ProgressEvent> all = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = counted.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> all.add(events.decode(kv.value)));
        }
        Map<String, String> supersededBy = new HashMap<>();
        try (KeyValueIterator<String, String> it = superseded.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> supersededBy.put(kv.key.substring(prefix.length()), kv.value));
        }
        all.sort(
                Comparator.comparing(ProgressEvent::getOccurredAt).thenComparing(ProgressEvent::getEventId).reversed());
        int from = (int) Math.min((long) page * size, all.size());
        int to = Math.min(from + size, all.size());
        return new HistoryPage(initiativeId, page, size, all.size(),
                all.subList(from, to).stream().map(e -> HistoryPage.Entry.of(e, supersededBy)).toList());
    }

}
