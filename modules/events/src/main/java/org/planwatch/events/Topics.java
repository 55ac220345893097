package org.planwatch.events;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.planwatch.events.avro.AccessToken;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeAlert;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.RollupUpdate;
import org.planwatch.events.avro.SupervisionEvent;

/**
 * The one place that names the project's topics, their key and value serdes, and who
 * writes them.
 *
 * <p>
 * All topics the aggregator reads ({@code initiatives} and every
 * {@code progress.<program>}) are keyed by initiative id and have the <em>same partition
 * count</em>: an initiative's catalog entry and its events then land in the same
 * partition number, so the same Kafka Streams task owns both. That is what lets the
 * aggregator scale out by partitions without a repartition step.
 */
public final class Topics {

    /** Program ids become topic names and label values: short ASCII slugs. */
    public static final Pattern PROGRAM_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    /** Catalog. Compacted; key initiative id. Writer: publisher. */
    public static final Topic<String, Initiative> INITIATIVES = new Topic<>("initiatives", Serdes.String(),
            new AvroSerde<>(Initiative.class), "publisher");

    /**
     * Plans (years, owners, states). Compacted; key plan id; one partition, followed
     * whole by whatever shows or checks plans. Writer: publisher (the admin API).
     */
    public static final Topic<String, Plan> PLANS = new Topic<>("plans", Serdes.String(), new AvroSerde<>(Plan.class),
            "publisher");

    /**
     * Bearer tokens (hashes only). Compacted; key token id; a tombstone revokes; one
     * partition. Writer: publisher (the admin API). Followed whole by every instance of
     * both services: see docs/adr/0008-tokens-on-a-compacted-topic.md.
     */
    public static final Topic<String, AccessToken> ACCESS_TOKENS = new Topic<>("access-tokens", Serdes.String(),
            new AvroSerde<>(AccessToken.class), "publisher");

    /**
     * Records the aggregator could not process, as they were, with the reason in headers.
     * Writer: aggregator.
     */
    public static final Topic<byte[], byte[]> DEAD_LETTERS = new Topic<>("progress.dlt", Serdes.ByteArray(),
            Serdes.ByteArray(), "aggregator");

    /**
     * Changes of an initiative's computed condition, for notification systems. Writer:
     * aggregator.
     */
    public static final Topic<String, InitiativeAlert> INITIATIVE_ALERTS = new Topic<>("initiative-alerts",
            Serdes.String(), new AvroSerde<>(InitiativeAlert.class), "aggregator");

    /**
     * A child initiative's progress, keyed by its parent, so the parent's task can
     * recompute the weighted mean. Written and read by the aggregator (a loop through
     * Kafka, inside its exactly-once transactions); co-partitioned with the inputs.
     */
    public static final Topic<String, RollupUpdate> ROLLUPS = new Topic<>("initiative-rollups", Serdes.String(),
            new AvroSerde<>(RollupUpdate.class), "aggregator");

    /**
     * The latest judged state of each initiative: compacted, key initiative id, a
     * tombstone when it leaves the catalog. Writer: aggregator, at most once per
     * initiative per commit interval. Whatever needs the whole plan (the supervisors'
     * desk, bulletins, other systems) follows it into a local view. Co-partitioned with
     * the inputs, like every aggregator topic.
     */
    public static final Topic<String, InitiativeStatus> INITIATIVE_STATUS = new Topic<>("initiative-status",
            Serdes.String(), new AvroSerde<>(InitiativeStatus.class), "aggregator");

    /**
     * The steps of supervision slips (督办), key initiative id, co-partitioned with the
     * inputs, so an initiative's task folds its slips and its reports in one exactly-once
     * transaction. Writers: the publisher (people and other systems) and the aggregator
     * (its rules: automatic issue, escalation, reopening), which reads it back like its
     * other inputs.
     */
    public static final Topic<String, SupervisionEvent> SUPERVISION = new Topic<>("supervision", Serdes.String(),
            new AvroSerde<>(SupervisionEvent.class), "publisher");

    /**
     * Supervision bulletins (督查通报): compacted, key the issue number, one partition.
     * Writer: the publisher, one operation at a time across instances (a transactional id
     * fences the others). Holds every initiative's figures, so its records may reach a
     * few MB.
     */
    public static final Topic<String, Bulletin> BULLETINS = new Topic<>("bulletins", Serdes.String(),
            new AvroSerde<>(Bulletin.class), "publisher");

    /**
     * The largest bulletin record the topic takes (10,000 initiatives with notes, before
     * compression).
     */
    public static final int BULLETIN_MAX_BYTES = 32 * 1024 * 1024;

    static final String PROGRESS_PREFIX = "progress.";

    /**
     * A department's own systems write its reports to {@code reports.<department>}, the
     * only progress topic their Kafka principal may write: the topic proves the
     * department (ADR 0014).
     */
    static final String REPORTS_PREFIX = "reports.";

    /** A department id, as the catalog and the tokens take it. */
    public static final Pattern DEPARTMENT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    /**
     * Everything the aggregator consumes: the catalog, rollups, slips and every program's
     * progress topic.
     */
    public static final Pattern AGGREGATOR_INPUT = Pattern
        .compile("initiatives|initiative-rollups|supervision|progress\\.(?!dlt$)[a-z][a-z0-9-]{0,31}"
                + "|reports\\.[a-z0-9][a-z0-9-]{0,47}");

    private static final Serde<ProgressEvent> PROGRESS_SERDE = new AvroSerde<>(ProgressEvent.class);

    private Topics() {
    }

    /**
     * Progress events of one program. Key initiative id. Writers: publisher, Java client.
     */
    public static Topic<String, ProgressEvent> progress(String program) {
        if (!PROGRAM_ID.matcher(program).matches() || "dlt".equals(program)) {
            throw new IllegalArgumentException("Not a program id: " + program);
        }
        return new Topic<>(PROGRESS_PREFIX + program, Serdes.String(), PROGRESS_SERDE, "publisher");
    }

    /**
     * Progress events a department's own system sends. Key initiative id. Writer: the
     * department's systems (Java client), by literal ACL.
     */
    public static Topic<String, ProgressEvent> reports(String department) {
        if (!DEPARTMENT_ID.matcher(department).matches()) {
            throw new IllegalArgumentException("Not a department id: " + department);
        }
        return new Topic<>(REPORTS_PREFIX + department, Serdes.String(), PROGRESS_SERDE, "department");
    }

    /** The department a reports topic proves, or {@code null} for any other topic. */
    public static String departmentOf(String topic) {
        return topic != null && topic.startsWith(REPORTS_PREFIX) ? topic.substring(REPORTS_PREFIX.length()) : null;
    }

    /** The program a progress topic belongs to, or {@code null} for any other topic. */
    public static String programOf(String topic) {
        if (topic != null && topic.startsWith(PROGRESS_PREFIX) && !topic.equals(DEAD_LETTERS.name())) {
            return topic.substring(PROGRESS_PREFIX.length());
        }
        return null;
    }

    /** Topic definitions for the admin client; nothing relies on broker auto-creation. */
    public static NewTopic definition(Topic<?, ?> topic, TopicSettings settings) {
        if (topic == ACCESS_TOKENS || topic == PLANS) {
            return new NewTopic(topic.name(), 1, settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.minInSyncReplicas())));
        }
        if (topic == BULLETINS) {
            return new NewTopic(topic.name(), 1, settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(BULLETIN_MAX_BYTES),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.minInSyncReplicas())));
        }
        Map<String, String> configs = topic == INITIATIVES || topic == INITIATIVE_STATUS
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.minInSyncReplicas()))
                : Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(settings.minInSyncReplicas()));
        return new NewTopic(topic.name(), settings.partitions(), settings.replicationFactor()).configs(configs);
    }

    /** The topics that exist whatever the catalog holds. */
    public static List<Topic<?, ?>> fixed() {
        return List.of(INITIATIVES, DEAD_LETTERS, INITIATIVE_ALERTS, ROLLUPS, INITIATIVE_STATUS, SUPERVISION,
                ACCESS_TOKENS, BULLETINS, PLANS);
    }

    /** A topic with its serdes and its single writer. */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, String writer) {
    }

    /**
     * How topics are created. {@code partitions} must be the same for every topic the
     * aggregator reads (see the class comment); replication 3 with min ISR 2 in
     * production, 1/1 on one broker.
     */
    public record TopicSettings(int partitions, short replicationFactor, int minInSyncReplicas) {
        public TopicSettings {
            if (partitions < 1 || replicationFactor < 1 || minInSyncReplicas < 1
                    || minInSyncReplicas > replicationFactor) {
                throw new IllegalArgumentException("Bad topic settings: partitions=" + partitions
                        + ", replicationFactor=" + replicationFactor + ", minInSyncReplicas=" + minInSyncReplicas);
            }
        }
    }

}
