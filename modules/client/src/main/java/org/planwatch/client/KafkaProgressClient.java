package org.planwatch.client;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.planwatch.events.Topics;
import org.planwatch.events.Topics.Topic;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.ProgressEvent;

/**
 * Reports progress straight to Kafka, for a department's own systems on the Kafka
 * network: each report becomes an Avro {@link ProgressEvent} on
 * {@code reports.<department>}, keyed by initiative id, written with the project's serde
 * by an idempotent producer ({@code acks=all}); {@link #send} returns once Kafka
 * acknowledged it. The catalog (each initiative's program and departments) comes from
 * following the compacted {@code initiatives} topic; a report on an initiative not in it
 * is refused with {@link UnknownInitiativeException}, one on an initiative the department
 * neither owns nor supports with a 403 {@link ReportRejectedException}.
 *
 * <pre>{@code
 * Properties kafka = new Properties();
 * kafka.put("bootstrap.servers", "kafka-1.example.gov:9093");
 * kafka.put("security.protocol", "SASL_SSL");
 * kafka.put("sasl.mechanism", "SCRAM-SHA-512");
 * kafka.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
 *         + " username=\"commerce-erp\" password=\"...\";");
 * try (KafkaProgressClient client = KafkaProgressClient.builder(kafka).department("commerce").build()) {
 *     client.send(Report.builder("villa-investment-campaign").businessKey("2026-06").kpi("villas-one-policy", 36)
 *             .reportedBy("商务局 招商系统").build());
 * }
 * }</pre>
 *
 * <p>
 * This mode bypasses the publisher's HTTP checks (no token, no rate limit); <strong>the
 * topic proves the department</strong> instead. Give each department system's principal
 * WRITE on its literal {@code reports.<department>} topic and READ on
 * {@code initiatives}, and nothing else ({@code KafkaAcls.departmentSystem}): it cannot
 * write another department's topic nor a program's, and the aggregator dead-letters
 * ({@code wrong_department}) a report on {@code reports.<department>} about an initiative
 * that department neither owns nor supports. The client checks the report against the
 * catalog as the publisher would, so a mistake fails here, not in the dead-letter topic
 * (ADR 0014).
 *
 * <p>
 * Same eventId rule as {@link ProgressClient}: the producer retries within its
 * {@code delivery.timeout.ms}; after a {@link ReportNotDeliveredException}, send the same
 * {@link Report} again, and it is counted once. Thread-safe.
 */
public final class KafkaProgressClient implements AutoCloseable {

    /**
     * Kafka's default {@code delivery.timeout.ms} and {@code max.block.ms}, when the
     * caller sets neither.
     */
    private static final long DEFAULT_DELIVERY_MS = 120_000;

    private static final long DEFAULT_MAX_BLOCK_MS = 60_000;

    private final CatalogFollower catalog;

    private final KafkaProducer<byte[], byte[]> producer;

    private final Duration ackWait;

    private final String department;

    private KafkaProgressClient(CatalogFollower catalog, KafkaProducer<byte[], byte[]> producer, Duration ackWait,
            String department) {
        this.department = department;
        this.catalog = catalog;
        this.producer = producer;
        this.ackWait = ackWait;
    }

    /**
     * @param kafka plain Kafka client settings: {@code bootstrap.servers} and, where the
     * cluster needs them, {@code security.protocol}, {@code sasl.*}, {@code ssl.*};
     * producer and consumer tuning may be given too (each client gets the settings that
     * are not the other's)
     */
    public static Builder builder(Properties kafka) {
        return new Builder(kafka);
    }

    /** Whether the initiative is in the catalog as this client has read it so far. */
    public boolean knows(String initiativeId) {
        return catalog.get(initiativeId).isPresent();
    }

    /**
     * Writes the report to its department's topic and waits for Kafka's acknowledgement.
     * @return the report's eventId
     * @throws UnknownInitiativeException the initiative is not in the catalog
     * @throws ReportRejectedException the report breaks the publisher's input rules
     * (400), the department neither owns nor supports the initiative (403), or Kafka's
     * ACLs refuse this principal the topic (403); not retried
     * @throws ReportNotDeliveredException no acknowledgement in time: send the same
     * report again later
     */
    public String send(Report report) throws ReportNotDeliveredException {
        Initiative initiative = catalog.get(report.initiativeId())
            .orElseThrow(() -> new UnknownInitiativeException(report.eventId(), report.initiativeId()));
        if (!department.equals(initiative.getDepartment())
                && !initiative.getSupportingDepartments().contains(department)) {
            throw notOurs(report, initiative);
        }
        Instant now = Instant.now();
        List<ReportChecks.FieldProblem> problems = ReportChecks.check(report, initiative, now);
        if (!problems.isEmpty()) {
            throw new ReportRejectedException(report.eventId(), ReportChecks.invalid(problems));
        }
        Topic<String, ProgressEvent> topic = Topics.reports(department);
        ProgressEvent event = toAvro(report, initiative, department, now);
        byte[] key = topic.keySerde().serializer().serialize(topic.name(), initiative.getId());
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event);
        try {
            // Stamped with receivedAt, as the publisher stamps its records.
            Future<RecordMetadata> ack = producer
                .send(new ProducerRecord<>(topic.name(), null, now.toEpochMilli(), key, value));
            ack.get(ackWait.toMillis(), TimeUnit.MILLISECONDS);
            return report.eventId();
        }
        catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof AuthorizationException) {
                throw forbidden(report, topic, cause);
            }
            throw new ReportNotDeliveredException(report.eventId(), 1, "Kafka did not acknowledge: " + cause, null,
                    cause);
        }
        catch (TimeoutException e) {
            throw new ReportNotDeliveredException(report.eventId(), 1, "Kafka did not acknowledge within " + ackWait,
                    null, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReportNotDeliveredException(report.eventId(), 1, "interrupted", null, e);
        }
    }

    private static ProgressEvent toAvro(Report report, Initiative initiative, String department, Instant now) {
        return ProgressEvent.newBuilder()
            .setEventId(report.eventId())
            .setInitiativeId(initiative.getId())
            .setOccurredAt(report.occurredAt().toInstant())
            .setReceivedAt(now)
            .setReportedBy(report.reportedBy().strip())
            .setDepartment(department)
            .setPercentComplete(report.percentComplete())
            .setKpis(report.kpis())
            .setMilestonesReached(report.milestones())
            .setDeclaredHealth(report.declaredHealth())
            .setNote(report.note())
            .setSource(EventSource.CLIENT)
            .setSupersedes(report.supersedes())
            .build();
    }

    private ReportRejectedException notOurs(Report report, Initiative initiative) {
        String detail = "Department " + department + " neither owns nor supports initiative " + initiative.getId();
        return new ReportRejectedException(report.eventId(),
                new Problem(403, "/problems/forbidden", "Forbidden", detail, null, ReportJson.write(
                        Map.of("type", "/problems/forbidden", "title", "Forbidden", "status", 403, "detail", detail))));
    }

    private static ReportRejectedException forbidden(Report report, Topic<?, ?> topic, Throwable cause) {
        String detail = "Kafka refuses this principal writing " + topic.name() + ": " + cause.getMessage();
        return new ReportRejectedException(report.eventId(),
                new Problem(403, "/problems/kafka-forbidden", "Forbidden by Kafka ACLs", detail, null,
                        ReportJson.write(Map.of("type", "/problems/kafka-forbidden", "title", "Forbidden by Kafka ACLs",
                                "status", 403, "detail", detail))));
    }

    /**
     * Closes the producer (waiting for what is in flight) and stops following the
     * catalog.
     */
    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(10));
        }
        finally {
            catalog.close();
        }
    }

    /** Configures a {@link KafkaProgressClient}. */
    public static final class Builder {

        private final Properties kafka;

        private String clientId = "planwatch-client";

        private Duration catalogTimeout = Duration.ofSeconds(60);

        private String department;

        private Builder(Properties kafka) {
            this.kafka = Objects.requireNonNull(kafka, "kafka");
            if (kafka.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) == null) {
                throw new IllegalArgumentException("bootstrap.servers is required");
            }
        }

        /**
         * Prefix of the Kafka client ids, so the broker's logs and quotas name the
         * department system.
         */
        public Builder clientId(String clientId) {
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            return this;
        }

        /** How long {@link #build()} may take to read the catalog; default 60 s. */
        public Builder catalogTimeout(Duration catalogTimeout) {
            this.catalogTimeout = Objects.requireNonNull(catalogTimeout, "catalogTimeout");
            return this;
        }

        /**
         * The department this system reports for (required): its reports go to
         * {@code reports.<department>}, the topic its principal may write.
         */
        public Builder department(String department) {
            if (department == null || !Topics.DEPARTMENT_ID.matcher(department).matches()) {
                throw new IllegalArgumentException("Not a department id: " + department);
            }
            this.department = department;
            return this;
        }

        /** Reads the catalog, then returns a client ready to send. */
        public KafkaProgressClient build() {
            if (department == null) {
                throw new IllegalStateException("department(...) is required: the department this system reports for");
            }
            Map<String, Object> producerConfig = producerConfig();
            CatalogFollower catalog = new CatalogFollower(
                    onlyFor(ConsumerConfig.configNames(), ProducerConfig.configNames()), clientId + "-catalog");
            catalog.start(catalogTimeout);
            try {
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                        new ByteArraySerializer());
                long delivery = millis(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DEFAULT_DELIVERY_MS);
                long maxBlock = millis(ProducerConfig.MAX_BLOCK_MS_CONFIG, DEFAULT_MAX_BLOCK_MS);
                // The producer settles every send within max.block.ms +
                // delivery.timeout.ms; the margin covers a busy machine.
                return new KafkaProgressClient(catalog, producer, Duration.ofMillis(delivery + maxBlock + 5_000),
                        department);
            }
            catch (RuntimeException e) {
                catalog.close();
                throw e;
            }
        }

        private Map<String, Object> producerConfig() {
            Map<String, Object> config = onlyFor(ProducerConfig.configNames(), ConsumerConfig.configNames());
            requireUnset(config, ProducerConfig.ACKS_CONFIG, "all", "-1");
            requireUnset(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
            config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
            config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
            return config;
        }

        /**
         * The caller's settings less those only the other kind of client knows (which
         * would be logged as unknown).
         */
        private Map<String, Object> onlyFor(Set<String> mine, Set<String> theirs) {
            Set<String> theirsOnly = new HashSet<>(theirs);
            theirsOnly.removeAll(mine);
            Map<String, Object> config = new HashMap<>();
            kafka.forEach((name, value) -> {
                if (name instanceof String n && !theirsOnly.contains(n)) {
                    config.put(n, value);
                }
            });
            return config;
        }

        /**
         * Settings that would weaken "counted once, acknowledged by every in-sync
         * replica" are refused, not overridden.
         */
        private static void requireUnset(Map<String, Object> config, String name, String... allowed) {
            Object value = config.get(name);
            if (value != null && !List.of(allowed).contains(String.valueOf(value).strip().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        name + "=" + value + " is not allowed: the client needs " + allowed[0]);
            }
        }

        private long millis(String name, long fallback) {
            Object value = kafka.get(name);
            return value == null ? fallback : Long.parseLong(String.valueOf(value).strip());
        }

    }

}
