package org.planwatch.aggregator.topology;

import java.util.List;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * The committed progress events of an initiative, as interactive queries read them from
 * the {@code counted-event-chunks} store of whichever local task holds it (ADR 0019).
 */
public interface CountedHistory {

    /** How {@code KafkaStreams.store} finds this store and reads it across the tasks. */
    QueryableStoreType<CountedHistory> TYPE = new QueryableStoreType<>() {

        @Override
        public boolean accepts(StateStore store) {
            return store instanceof CountedHistory;
        }

        @Override
        public CountedHistory create(StateStoreProvider provider, String storeName) {
            // An initiative's events are all in its partition's task; the others have
            // none.
            return initiativeId -> {
                for (CountedHistory task : provider.stores(storeName, this)) {
                    List<byte[]> events = task.committed(initiativeId);
                    if (!events.isEmpty()) {
                        return events;
                    }
                }
                return List.of();
            };
        }

    };

    /**
     * The encoded events of the initiative that the store holds (those counted since the
     * task last flushed wait in memory for its next commit): read from the store alone,
     * so from any thread.
     */
    List<byte[]> committed(String initiativeId);

}
