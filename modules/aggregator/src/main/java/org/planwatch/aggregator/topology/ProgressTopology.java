package org.planwatch.aggregator.topology;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;
import org.planwatch.aggregator.AggregatorProperties.Supervision;
import org.planwatch.aggregator.view.InitiativeView;
import org.planwatch.events.AvroSerde;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeSlips;

/**
 * The aggregator's topology, as a pure function of a builder, the view it publishes to,
 * and the rules it judges by.
 *
 * <pre>
 * initiatives ────────┐                                                       ┌─► progress.dlt
 * progress.*  ────────┤                                                       ├─► initiative-alerts
 * initiative-rollups ─┼─► fold + judge (stores: initiative-state,            ─┼─► initiative-status
 * supervision ────────┘   initiative-catalog, counted-event-chunks,         ├─► initiative-rollups (loop)
 *                         counted-events, dead-letters, orphan-rollups,      └─► supervision (the rules' steps, loop)
 *                         supervision-slips, supervision-steps)
 * </pre>
 *
 * One source reads the catalog, the rollups and every program topic (by pattern, so a new
 * program needs no redeploy). All are keyed by initiative id with equal partition counts,
 * so partition N of each lands in the same task and one store holds an initiative's
 * definition, progress and children together. A child's progress reaches its parent (in
 * another partition) through {@code initiative-rollups}, keyed by the parent.
 */
public final class ProgressTopology {

    public static final String STATE_STORE = "initiative-state";

    public static final String CATALOG_STORE = "initiative-catalog";

    /** Every counted event, a chunk per initiative per commit (ADR 0019). */
    public static final String COUNTED_STORE = "counted-event-chunks";

    /**
     * Where events were counted before, keyed by initiative and event: read and emptied
     * as the tasks meet the initiatives (ADR 0019).
     */
    public static final String EVENT_KEYED_COUNTED_STORE = "counted-events";

    /**
     * How many counted events' ids a task holds in memory for the duplicate check, about
     * 80 bytes each; beyond it those of the initiatives met longest ago are read again
     * when next met.
     */
    static final int MAX_COUNTED_IDS = 250_000;

    public static final String DEAD_LETTER_STORE = "dead-letters";

    public static final String ORPHAN_STORE = "orphan-rollups";

    public static final String SLIP_STORE = "supervision-slips";

    public static final String STEP_STORE = "supervision-steps";

    /** Not a store of state: the view's changes waiting for their commit (ADR 0017). */
    public static final String VIEW_STORE = "view-changes";

    private ProgressTopology() {
    }

    /**
     * @return the stream of records the fold sends out (dead letters, alerts, rollups),
     * already sent
     */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, InitiativeView view, Evaluator evaluator,
            Duration evaluationInterval) {
        return build(builder, view, evaluator, evaluationInterval, true);
    }

    /**
     * @param publishStatus whether {@code initiative-status} is written (see ADR 0001)
     */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, InitiativeView view, Evaluator evaluator,
            Duration evaluationInterval, boolean publishStatus) {
        return build(builder, view, evaluator, evaluationInterval, publishStatus, Supervision.defaults());
    }

    /**
     * @param supervision the slips' clock rules and the rules that issue slips
     */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, InitiativeView view, Evaluator evaluator,
            Duration evaluationInterval, boolean publishStatus, Supervision supervision) {
        return build(builder, view, evaluator, evaluationInterval, publishStatus, supervision, CommitCadence.STREAMS);
    }

    /**
     * @param cadence how often each stream thread's tasks publish their statuses and the
     * thread commits what changed, live and while catching up
     */
    public static KStream<byte[], byte[]> build(StreamsBuilder builder, InitiativeView view, Evaluator evaluator,
            Duration evaluationInterval, boolean publishStatus, Supervision supervision, CommitCadence cadence) {
        // Written behind (ADR 0010, 0020): an initiative's state changes with each of its
        // events, and only its last value in a commit interval is serialized, written
        // and logged, by the task right before Streams commits (DecodedStates). Its
        // changelog holds a whole state per change; small segments let the log cleaner
        // compact it to about one record per initiative (it never compacts the active
        // segment, 1 GB by default), which is what a wiped instance then has to restore.
        builder.addStateStore(Stores
            .keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), DecodedStates.serde())
            .withCachingDisabled()
            .withLoggingEnabled(Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(32 << 20))));
        // The catalog entries the states are stored without (DecodedStates): written when
        // an entry changes, so neither cached nor on small segments.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CATALOG_STORE),
                Serdes.String(), new AvroSerde<>(Initiative.class)));
        builder.addStateStore(CountedEvents.builder(COUNTED_STORE, MAX_COUNTED_IDS));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENT_KEYED_COUNTED_STORE),
                Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEAD_LETTER_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ORPHAN_STORE), Serdes.String(),
                Serdes.ByteArray()));
        // Slips change a few times a day each, and are read back whole by every
        // evaluation pass.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SLIP_STORE), Serdes.String(),
                new AvroSerde<>(InitiativeSlips.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STEP_STORE), Serdes.String(),
                Serdes.ByteArray()));
        builder.addStateStore(CommittedView.builder(VIEW_STORE));
        SlipClock clock = new SlipClock(supervision, new WorkingDays(evaluator.zone(), supervision.holidays()));
        ThreadCommits commits = new ThreadCommits();
        KStream<byte[], byte[]> out = builder
            .stream(Topics.AGGREGATOR_INPUT,
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withTimestampExtractor(new CatalogFirst())
                        .withName("inputs"))
            .process(
                    () -> new ProgressProcessor(view, evaluator, evaluationInterval, publishStatus, clock, cadence,
                            commits),
                    Named.as("fold"), STATE_STORE, CATALOG_STORE, COUNTED_STORE, EVENT_KEYED_COUNTED_STORE,
                    DEAD_LETTER_STORE, ORPHAN_STORE, SLIP_STORE, STEP_STORE, VIEW_STORE);
        out.to(DESTINATION, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("outputs"));
        return out;
    }

    /**
     * Each output record names its topic in a header; only the five topics above can be
     * named.
     */
    static final TopicNameExtractor<byte[], byte[]> DESTINATION = (key, value, context) -> {
        Header header = context.headers().lastHeader(ProgressProcessor.DESTINATION);
        String topic = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        if (Topics.INITIATIVE_ALERTS.name().equals(topic) || Topics.ROLLUPS.name().equals(topic)
                || Topics.INITIATIVE_STATUS.name().equals(topic) || Topics.SUPERVISION.name().equals(topic)) {
            return topic;
        }
        return Topics.DEAD_LETTERS.name();
    };

}
