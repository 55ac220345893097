package org.planwatch.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.planwatch.access.Tokens;
import org.planwatch.events.AvroCodec;
import org.planwatch.events.TopicProvisioner;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.AccessToken;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.Role;
import org.slf4j.LoggerFactory;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the aggregator promises, on a real broker, with records written by a plain Kafka
 * producer (as any publisher, or a hostile one, would). Subclasses choose the broker. The
 * status API is called with the bootstrap admin token, made afresh in each test JVM;
 * other tokens are written to the {@code access-tokens} topic as the publisher's token
 * API would write them.
 */
abstract class AggregatorContract {

    static final Instant T0 = Instant.parse("2026-04-01T02:00:00Z");
    static final AvroCodec<Initiative> INITIATIVES = AvroCodec.of(Initiative.class);
    static final AvroCodec<ProgressEvent> EVENTS = AvroCodec.of(ProgressEvent.class);
    static final AvroCodec<AccessToken> ACCESS_TOKENS = AvroCodec.of(AccessToken.class);
    static final String ADMIN_TOKEN = "test-admin-" + UUID.randomUUID();

    static final List<ConfigurableApplicationContext> STARTED = new ArrayList<>();

    abstract String bootstrapServers();

    @AfterAll
    static void stopAll() {
        STARTED.forEach(ConfigurableApplicationContext::close);
        STARTED.clear();
    }

    /** A running aggregator, as the jar would run, on random ports. */
    record Running(ConfigurableApplicationContext context, String api, String management) {

        Scrape scrape() {
            return Scrape.of(management + "/actuator/prometheus");
        }

        void close() {
            context.close();
            STARTED.remove(context);
        }
    }

    Running start(String applicationId, Path stateDir) {
        ConfigurableApplicationContext context = AggregatorApplication.start("--server.port=0",
                "--management.server.port=0", "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--spring.kafka.streams.application-id=" + applicationId,
                "--spring.kafka.streams.state-dir=" + stateDir, "--planwatch.security.admin-token=" + ADMIN_TOKEN);
        STARTED.add(context);
        var env = context.getEnvironment();
        Running running = new Running(context, "http://127.0.0.1:" + env.getProperty("local.server.port"),
                "http://127.0.0.1:" + env.getProperty("local.management.port"));
        await().atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(Http.get(running.management() + "/actuator/health/readiness").status())
                .isEqualTo(200));
        return running;
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("planwatch-aggregator-test-");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String program() {
        return "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    void createProgramTopic(String program) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, new Topics.TopicSettings(6, (short) 1, 1));
            provisioner.ensureFixedTopics();
            provisioner.ensureProgramTopic(program);
        }
    }

    void send(String topic, byte[] key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void define(Initiative initiative) {
        send(Topics.INITIATIVES.name(), bytes(initiative.getId()), INITIATIVES.encode(initiative));
    }

    void report(ProgressEvent event, String program) {
        send("progress." + program, bytes(event.getInitiativeId()), EVENTS.encode(event));
    }

    /** A token as the publisher issues it: only its hash goes to the topic. */
    Tokens.Issued grant(Role role, String department) {
        Tokens.Issued issued = Tokens.generate();
        AccessToken token = AccessToken.newBuilder()
            .setId(issued.id())
            .setTokenHash(Tokens.hash(issued.token()))
            .setRole(role)
            .setDepartment(department)
            .setLabel("aggregator test")
            .setIssuedAt(T0)
            .setIssuedBy("bootstrap-admin")
            .build();
        send(Topics.ACCESS_TOKENS.name(), bytes(issued.id()), ACCESS_TOKENS.encode(token));
        return issued;
    }

    /** A revocation, as the publisher writes it: a tombstone on the token's id. */
    void revoke(Tokens.Issued issued) {
        send(Topics.ACCESS_TOKENS.name(), bytes(issued.id()), null);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Initiative initiative(String id, String program, String department) {
        return Initiative.newBuilder()
            .setId(id)
            .setName("推进蓝天三年作战计划")
            .setProgram(program)
            .setDepartment(department)
            .setStartDate(LocalDate.of(2026, 1, 1))
            .setDueDate(LocalDate.of(2026, 12, 31))
            .setUpdatedAt(T0)
            .setUpdatedBy("test")
            .build();
    }

    static ProgressEvent event(String eventId, String initiativeId, Instant at, double percent) {
        return ProgressEvent.newBuilder()
            .setEventId(eventId)
            .setInitiativeId(initiativeId)
            .setOccurredAt(at)
            .setReceivedAt(at.plusSeconds(1))
            .setReportedBy("测试员")
            .setDepartment("ecology-env")
            .setPercentComplete(percent)
            .setSource(EventSource.CLIENT)
            .build();
    }

    static Map<String, String> labels(String initiative, String program) {
        return Map.of("initiative", initiative, "program", program, "department", "ecology-env");
    }

    List<ConsumerRecord<byte[], byte[]>> deadLetters(String fromTopic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DEAD_LETTERS.name()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    var topic = r.headers().lastHeader("dlt.topic");
                    if (topic != null && fromTopic.equals(new String(topic.value(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void foldsEventsIntoExactMetricsAndStatusAndSurvivesARestart() throws Exception {
        String program = program();
        createProgramTopic(program);
        String appId = "agg-" + program;
        Path state = tempDir();
        Running aggregator = start(appId, state);

        String quiet = "quiet-" + program;
        String busy = "busy-" + program;
        define(initiative(quiet, program, "ecology-env"));
        define(initiative(busy, program, "ecology-env"));
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(
                    () -> assertThat(aggregator.scrape().value("initiative_progress_ratio", labels(quiet, program)))
                        .hasValue(0.0));
        assertThat(aggregator.scrape().value("initiative_info", Map.of("initiative", quiet, "name", "推进蓝天三年作战计划")))
            .hasValue(1.0);
        // The per-initiative families come from the fast text path (labels in its order,
        // not sorted), after the rest, in the format Prometheus asks for: OpenMetrics
        // must still end with "# EOF".
        assertThat(aggregator.context().getBean(PrometheusScrapeEndpoint.class).getClass().getSimpleName())
            .isEqualTo("InitiativeScrapeEndpoint");
        // No turbo filter for every log call the stream thread's Kafka clients make.
        assertThat(aggregator.context().getBeanNamesForType(LogbackMetrics.class)).isEmpty();
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList()).isEmpty();
        var openMetrics = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(aggregator.management() + "/actuator/prometheus"))
                .header("Accept", "application/openmetrics-text;version=1.0.0")
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(openMetrics.headers().firstValue("Content-Type").orElseThrow())
            .startsWith("application/openmetrics-text");
        assertThat(openMetrics.body()).endsWith("# EOF\n")
            .containsOnlyOnce("# EOF")
            .containsOnlyOnce("# TYPE initiative info\n")
            .contains("initiative_info{initiative=\"" + quiet + "\",program=\"" + program + "\"",
                    "# TYPE jvm_memory_used_bytes gauge");
        // Spring MVC serves ranges of the streamed body; a range before the last one's
        // end opens it again.
        var ranges = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(aggregator.management() + "/actuator/prometheus"))
                .header("Accept", "text/plain;version=0.0.4")
                .header("Range", "bytes=-6,0-5")
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(ranges.statusCode()).as(ranges.body()).isEqualTo(206);
        assertThat(ranges.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/byteranges");
        assertThat(ranges.body()).contains("\r\n\r\n# HELP\r\n").containsPattern("Content-Range: bytes 0-5/\\d+");
        assertThat(Pattern.compile("Content-Range: bytes \\d+-\\d+/\\d+").matcher(ranges.body()).results())
            .as("both ranges")
            .hasSize(2);

        report(event("e1", busy, T0, 20), program);
        report(event("e3", busy, T0.plusSeconds(7200), 55), program);
        report(event("e2", busy, T0.plusSeconds(3600), 40), program); // late and older:
                                                                      // counted, no
                                                                      // rollback
        report(event("e3", busy, T0.plusSeconds(7200), 55), program); // a retry: counted
                                                                      // once

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape scrape = aggregator.scrape();
            assertThat(scrape.value("initiative_events_total", labels(busy, program))).hasValue(3.0);
            assertThat(scrape.value("progress_events_total", Map.of("program", program, "outcome", "duplicate")))
                .hasValue(1.0);
        });
        Scrape scrape = aggregator.scrape();
        assertThat(scrape.value("initiative_progress_ratio", labels(busy, program))).hasValue(0.55);
        assertThat(scrape.value("initiative_last_report_timestamp_seconds", labels(busy, program)))
            .hasValue(T0.plusSeconds(7200).getEpochSecond());
        assertThat(scrape.value("progress_events_total", Map.of("program", program, "outcome", "counted")))
            .hasValue(3.0);
        assertThat(scrape.value("initiative_last_report_timestamp_seconds", labels(quiet, program)))
            .as("no report yet, so no timestamp")
            .isEmpty();

        JsonNode status = Http.get(aggregator.api() + "/api/v1/initiatives/" + busy + "/status", ADMIN_TOKEN).json();
        assertThat(status.get("eventsCounted").asLong()).isEqualTo(3);
        assertThat(status.get("duplicatesIgnored").asLong()).isEqualTo(1);
        assertThat(status.get("percentComplete").asDouble()).isEqualTo(55.0);
        assertThat(Instant.parse(status.get("lastReportAt").asString())).isEqualTo(T0.plusSeconds(7200));
        assertThat(Http.get(aggregator.api() + "/api/v1/initiatives/nope-" + program + "/status", ADMIN_TOKEN).status())
            .isEqualTo(404);
        JsonNode history = Http.get(aggregator.api() + "/api/v1/initiatives/" + busy + "/history", ADMIN_TOKEN).json();
        assertThat(history.get("total").asLong()).isEqualTo(3);
        assertThat(history.get("events").get(0).get("eventId").asString()).as("newest first").isEqualTo("e3");

        aggregator.close();
        Running again = start(appId, state);
        report(event("e3", busy, T0.plusSeconds(7200), 55), program); // a retry after the
                                                                      // restart
        report(event("e4", busy, T0.plusSeconds(9000), 60), program);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Scrape after = again.scrape();
            assertThat(after.value("initiative_events_total", labels(busy, program))).hasValue(4.0);
            assertThat(after.value("progress_events_total", Map.of("program", program, "outcome", "duplicate")))
                .hasValue(2.0);
            assertThat(after.value("initiative_progress_ratio", labels(busy, program))).hasValue(0.60);
            assertThat(after.value("initiative_progress_ratio", labels(quiet, program))).hasValue(0.0);
        });
        again.close();
    }

    @Test
    void poisonIsDeadLetteredWithItsReasonAndCountedWhileGoodEventsFlow() {
        String program = program();
        createProgramTopic(program);
        Running aggregator = start("agg-" + program, tempDir());
        String id = "good-" + program;
        define(initiative(id, program, "ecology-env"));
        String topic = "progress." + program;

        send(topic, bytes(id), bytes("random bytes, not a record"));
        byte[] unknownSchema = EVENTS.encode(event("x1", id, T0, 10));
        unknownSchema[3] ^= 0x55;
        send(topic, bytes(id), unknownSchema);
        send(topic, bytes("ghost-" + program), EVENTS.encode(event("x2", "ghost-" + program, T0, 10)));
        send(topic, bytes(id), EVENTS.encode(event("x3", id, T0, 400)));
        report(event("ok", id, T0, 30), program);

        List<ConsumerRecord<byte[], byte[]>> letters = deadLetters(topic, 4);
        assertThat(letters).extracting(r -> header(r, "dlt.reason"))
            .containsExactlyInAnyOrder("not_avro", "unknown_schema", "unknown_initiative", "invalid_values");
        assertThat(letters).allSatisfy(r -> assertThat(header(r, "dlt.detail")).isNotBlank());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Scrape scrape = aggregator.scrape();
            assertThat(scrape.value("progress_events_total", Map.of("program", program, "outcome", "dead_lettered")))
                .hasValue(4.0);
            assertThat(scrape.value("progress_dead_letters_total", Map.of("program", program, "reason", "not_avro")))
                .hasValue(1.0);
            assertThat(scrape.value("initiative_progress_ratio", labels(id, program))).hasValue(0.30);
        });
        assertThat(Http.get(aggregator.management() + "/actuator/health/liveness").status()).isEqualTo(200);
        aggregator.close();
    }

    @Test
    void livenessFailsOnceTheStreamsApplicationIsNoLongerRunningAndReadinessWithIt() {
        Running aggregator = start("agg-" + program(), tempDir());
        assertThat(Http.get(aggregator.management() + "/actuator/health/liveness").status()).isEqualTo(200);
        // What a dead stream thread leaves behind: the application no longer processes
        // anything.
        aggregator.context().getBean(StreamsBuilderFactoryBean.class).getKafkaStreams().close(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Http.get(aggregator.management() + "/actuator/health/liveness").status()).isEqualTo(503);
            assertThat(Http.get(aggregator.management() + "/actuator/health/readiness").status()).isEqualTo(503);
        });
        aggregator.close();
    }

    @Test
    void aProgramCreatedWhileRunningIsPickedUpWithoutARestart() {
        Running aggregator = start("agg-" + program(), tempDir());
        String program = program();
        createProgramTopic(program);
        String id = "late-program-" + program;
        define(initiative(id, program, "ecology-env"));
        report(event("n1", id, T0, 15), program);
        await().atMost(Duration.ofSeconds(90))
            .untilAsserted(() -> assertThat(aggregator.scrape().value("initiative_progress_ratio", labels(id, program)))
                .hasValue(0.15));
        aggregator.close();
    }

    /**
     * Reprocessing from the start after the catalog was compacted: the only definition
     * left is newer than the reports, yet the reports are counted, not dead-lettered.
     */
    @Test
    void reportsOlderThanTheirCatalogEntryAreCountedOnReprocessing() {
        String program = program();
        createProgramTopic(program);
        String id = "rebaselined-" + program;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            producer
                .send(new ProducerRecord<>("progress." + program, null, now - 60_000, bytes(id),
                        EVENTS.encode(event("old-1", id, T0, 20))))
                .get(30, TimeUnit.SECONDS);
            producer
                .send(new ProducerRecord<>("progress." + program, null, now - 50_000, bytes(id),
                        EVENTS.encode(event("old-2", id, T0.plusSeconds(60), 30))))
                .get(30, TimeUnit.SECONDS);
            producer
                .send(new ProducerRecord<>(Topics.INITIATIVES.name(), null, now, bytes(id),
                        INITIATIVES.encode(initiative(id, program, "ecology-env"))))
                .get(30, TimeUnit.SECONDS);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Running aggregator = start("agg-" + program, tempDir());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Scrape scrape = aggregator.scrape();
            assertThat(scrape.value("initiative_events_total", labels(id, program))).hasValue(2.0);
            assertThat(scrape.value("initiative_progress_ratio", labels(id, program))).hasValue(0.30);
        });
        assertThat(aggregator.scrape()
            .value("progress_events_total", Map.of("program", program, "outcome", "dead_lettered"))).hasValue(0.0);
        aggregator.close();
    }

    /**
     * A department reads what it owns or supports, and gets 403 for anything else, known
     * or not; supervisors and admins read everything and learn that an unknown id is
     * unknown (404).
     */
    @Test
    void statusAndHistoryAreForThoseWhoMayReadTheInitiative() {
        String program = program();
        createProgramTopic(program);
        Running aggregator = start("agg-" + program, tempDir());
        String own = "own-" + program;
        String others = "others-" + program;
        String unknown = "nope-" + program;
        Initiative supported = initiative(own, program, "ecology-env");
        supported.setSupportingDepartments(List.of("water"));
        define(supported);
        define(initiative(others, program, "finance"));
        report(event("a1", own, T0, 25), program);
        Tokens.Issued ecology = grant(Role.DEPARTMENT, "ecology-env");
        Tokens.Issued water = grant(Role.DEPARTMENT, "water");
        Tokens.Issued supervisor = grant(Role.SUPERVISOR, null);
        String api = aggregator.api() + "/api/v1/initiatives/";

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http status = Http.get(api + own + "/status", ecology.token());
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            assertThat(status.json().get("eventsCounted").asLong()).isEqualTo(1);
            assertThat(Http.get(api + others + "/status", ADMIN_TOKEN).status()).isEqualTo(200);
        });
        Http history = Http.get(api + own + "/history", ecology.token());
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.json().get("total").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(Http.get(api + own + "/status", water.token()).status())
                .as("a supporting department")
                .isEqualTo(200));
        assertThat(Http.get(api + own + "/history", water.token()).status()).isEqualTo(200);

        for (String path : List.of("/status", "/history")) {
            assertForbidden(Http.get(api + others + path, ecology.token()));
            assertForbidden(Http.get(api + unknown + path, ecology.token()));
            Http otherDepartments = Http.get(api + others + path, ecology.token());
            Http notInCatalog = Http.get(api + unknown + path, ecology.token());
            assertThat(otherDepartments.json().get("detail").asString().replace(others, unknown))
                .as("one answer for both")
                .isEqualTo(notInCatalog.json().get("detail").asString());

            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(Http.get(api + others + path, supervisor.token()).status()).isEqualTo(200));
            for (String reader : List.of(supervisor.token(), ADMIN_TOKEN)) {
                Http notFound = Http.get(api + unknown + path, reader);
                assertThat(notFound.status()).as(path).isEqualTo(404);
                assertThat(notFound.contentType()).startsWith("application/problem+json");
            }

            for (String stranger : new String[] { null, Tokens.generate().token(), ADMIN_TOKEN + "x" }) {
                Http refused = Http.get(api + own + path, stranger);
                assertThat(refused.status()).as(path).isEqualTo(401);
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer realm=\"planwatch\"");
            }
        }
        assertThat(Http.get(aggregator.management() + "/actuator/prometheus").status()).as("no token there")
            .isEqualTo(200);

        revoke(ecology);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(Http.get(api + own + "/status", ecology.token()).status()).as("revoked")
                .isEqualTo(401));
        assertThat(Http.get(api + own + "/status", water.token()).status()).isEqualTo(200);
        aggregator.close();
    }

    static void assertForbidden(Http response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("/problems/forbidden");
    }

    @Test
    void actuatorExposesOnlyHealthInfoAndPrometheus() {
        Running aggregator = start("agg-" + program(), tempDir());
        assertThat(Http.get(aggregator.management() + "/actuator/prometheus").status()).isEqualTo(200);
        assertThat(Http.get(aggregator.management() + "/actuator/info").status()).isEqualTo(200);
        for (String endpoint : List.of("env", "beans", "configprops", "mappings", "loggers", "heapdump", "threaddump",
                "metrics", "conditions", "kafkastreamstopology", "shutdown")) {
            assertThat(Http.get(aggregator.management() + "/actuator/" + endpoint).status()).as(endpoint)
                .isEqualTo(404);
        }
        assertThat(aggregator.context().containsBean("scrapeWriteBuffer"))
            .as("the management server's write buffer is not the API server's (ScrapeServerConfiguration)")
            .isFalse();
        aggregator.close();
    }

    /**
     * 100,000 records with random keys and payloads: all dead-lettered, the series set
     * unchanged, the heap flat.
     */
    @Test
    void randomKeysAndPayloadsNeitherGrowTheSeriesNorTheHeap() throws Exception {
        String program = program();
        createProgramTopic(program);
        Running aggregator = start("agg-" + program, tempDir());
        Random random = new Random(7);
        flood(program, random, 1_000); // creates every bounded dead-letter series
        awaitDeadLettered(aggregator, program, 1_000);
        Set<String> before = series(aggregator.scrape().text());
        long heapBefore = usedHeapAfterGc();
        flood(program, random, 100_000);
        awaitDeadLettered(aggregator, program, 101_000);
        assertThat(series(aggregator.scrape().text())).containsExactlyInAnyOrderElementsOf(before);
        assertThat(usedHeapAfterGc() - heapBefore).as("heap growth in bytes").isLessThan(64L * 1024 * 1024);
        aggregator.close();
    }

    void flood(String program, Random random, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                String key = "r" + Long.toHexString(random.nextLong());
                byte[] value = i % 2 == 0 ? EVENTS.encode(event("e" + i, key, T0, 10))
                        : bytes("junk " + random.nextLong());
                producer.send(new ProducerRecord<>("progress." + program, bytes(key), value));
            }
            producer.flush();
        }
    }

    static void awaitDeadLettered(Running aggregator, String program, double count) {
        await().atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(() -> assertThat(aggregator.scrape()
                .value("progress_events_total", Map.of("program", program, "outcome", "dead_lettered")))
                .hasValue(count));
    }

    /**
     * Each series' name and labels, without its value (GC series come and go with
     * collections: left out).
     */
    static Set<String> series(String exposition) {
        return exposition.lines()
            .filter(l -> !l.startsWith("#") && !l.isBlank() && !l.startsWith("jvm_gc"))
            .map(l -> l.substring(0, l.lastIndexOf(' ')))
            .collect(Collectors.toSet());
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Minimal HTTP for these tests. */
    record Http(int status, String body, HttpHeaders headers) {

        static final JsonMapper JSON = JsonMapper.builder().build();

        /** Without a token: the management port. */
        static Http get(String url) {
            return get(url, null);
        }

        /** With {@code Authorization: Bearer <token>} unless {@code token} is null. */
        static Http get(String url, String token) {
            var request = HttpRequest.newBuilder(URI.create(url)).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            try {
                var response = HttpClient.newHttpClient()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Http(response.statusCode(), response.body(), response.headers());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        JsonNode json() {
            return JSON.readTree(body);
        }

        String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }
    }

}
