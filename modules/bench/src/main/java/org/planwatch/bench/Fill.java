package org.planwatch.bench;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.KpiDirection;
import org.planwatch.events.avro.Measure;
import org.planwatch.events.avro.ProgressEvent;

/**
 * Fills topics straight through a producer with the project's codec, as the publisher
 * would write them, so the aggregator can be measured over a topic that is already full.
 */
final class Fill implements AutoCloseable {

    static final String PROGRAM = "bench";

    /**
     * The HTTP runs' program: its topic is deleted before the aggregator runs, which then
     * read only in-order data.
     */
    static final String HTTP_PROGRAM = "http";
    static final String DEPARTMENT = "bench";
    static final AvroCodec<Initiative> INITIATIVES = AvroCodec.of(Initiative.class);
    static final AvroCodec<ProgressEvent> EVENTS = AvroCodec.of(ProgressEvent.class);

    private final KafkaProducer<String, byte[]> producer;

    Fill(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(props);
    }

    /**
     * What {@link #id} and {@link #httpId} put before the number (wrk's scripts number
     * the paths themselves).
     */
    static final String ID_PREFIX = "bench-";
    static final String HTTP_ID_PREFIX = "http-";

    static String id(int i) {
        return ID_PREFIX + i;
    }

    static String httpId(int i) {
        return HTTP_ID_PREFIX + i;
    }

    /**
     * The end-to-end run's program: its own initiatives and topic, so the later runs read
     * a topic in order.
     */
    static final String E2E_PROGRAM = "e2e";

    static String idOf(String program, int i) {
        return program.equals(PROGRAM) ? id(i) : program + "-" + i;
    }

    /**
     * Catalog entries {@code from} (inclusive) to {@code to} (exclusive) of program
     * bench: measured by one KPI.
     */
    void catalog(int from, int to) throws Exception {
        catalog(PROGRAM, from, to);
    }

    void catalog(String program, int from, int to) throws Exception {
        catalog(program, null, from, to);
    }

    /**
     * As {@link #catalog(String, int, int)}, the entries in {@code plan} (null: none).
     */
    void catalog(String program, String plan, int from, int to) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String id = idOf(program, i);
            Initiative initiative = Initiative.newBuilder()
                .setId(id)
                .setName("基准事项 " + i)
                .setProgram(program)
                .setDepartment(DEPARTMENT)
                .setStartDate(LocalDate.of(2026, 1, 1))
                .setDueDate(LocalDate.of(2026, 12, 31))
                .setMeasure(Measure.KPI)
                .setKpis(List.of(Kpi.newBuilder()
                    .setId("n")
                    .setName("序号")
                    .setTarget(1e9)
                    .setDirection(KpiDirection.INCREASE)
                    .build()))
                .setUpdatedAt(Instant.now())
                .setUpdatedBy("bench")
                .setPlan(plan)
                .build();
            sent.add(producer.send(new ProducerRecord<>("initiatives", id, INITIATIVES.encode(initiative))));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }

    /**
     * Tombstones: the catalog entries leave the catalog (and the aggregator's metrics).
     */
    void remove(String program, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>("initiatives", idOf(program, i), null)).get();
        }
    }

    /**
     * {@code count} events spread round-robin over initiatives 0..initiatives-1,
     * occurredAt rising.
     */
    void events(int count, int initiatives) throws Exception {
        events(count, initiatives, false);
    }

    /**
     * As {@link #events(int, int)}, or with each initiative's reports in a random order
     * (seeded): the topic holds the same events at the same offsets' initiatives, but an
     * initiative's reports arrive shuffled by occurredAt.
     */
    void events(int count, int initiatives, boolean shuffled) throws Exception {
        int[] order = shuffled ? shuffledWithinEach(count, initiatives) : null;
        Instant base = Instant.now().minusSeconds(count + 86_400L);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int slot = 0; slot < count; slot++) {
            int i = order == null ? slot : order[slot];
            sent.add(producer.send(new ProducerRecord<>("progress." + PROGRAM, id(i % initiatives),
                    EVENTS.encode(event("fill-" + i, id(i % initiatives), i, base.plusSeconds(i))))));
            if (sent.size() >= 50_000) {
                for (Future<RecordMetadata> f : sent) {
                    f.get();
                }
                sent.clear();
            }
        }
        for (Future<RecordMetadata> f : sent) {
            f.get();
        }
    }

    /**
     * For each slot of the round-robin, the event it carries: a permutation that keeps
     * each event on its initiative's slots.
     */
    static int[] shuffledWithinEach(int count, int initiatives) {
        int[] order = new int[count];
        Random random = new Random(42);
        for (int initiative = 0; initiative < initiatives; initiative++) {
            List<Integer> slots = new ArrayList<>();
            for (int i = initiative; i < count; i += initiatives) {
                slots.add(i);
            }
            List<Integer> events = new ArrayList<>(slots);
            Collections.shuffle(events, random);
            for (int k = 0; k < slots.size(); k++) {
                order[slots.get(k)] = events.get(k);
            }
        }
        return order;
    }

    static ProgressEvent event(String eventId, String initiative, long n, Instant occurredAt) {
        return ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiative)
            .setOccurredAt(occurredAt)
            .setReceivedAt(Instant.now())
            .setReportedBy("bench")
            .setDepartment(DEPARTMENT)
            .setKpis(Map.of("n", (double) n))
            .setNote("基准测试")
            .setSource(EventSource.HTTP)
            .build();
    }

    @Override
    public void close() {
        producer.close();
    }

}
