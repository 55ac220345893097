package org.planwatch.demo;

import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.EventSource;
import org.planwatch.client.Report;
import org.planwatch.client.KafkaProgressClient;
import org.apache.kafka.common.serialization.StringSerializer;
import java.time.Instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.events.KafkaAcls;
import org.planwatch.events.Topics;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.kafkalocal.SecuredLocalKafka;
import org.planwatch.kafkalocal.SecuredOptions;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Both services on a broker locked down as production should be (SASL_SSL, SCRAM-SHA-512,
 * an authorizer that allows nothing without an ACL), each as its own SCRAM user holding
 * exactly {@link KafkaAcls}: the pipeline works end to end, configured only through
 * Spring's {@code spring.kafka.*} properties, and each principal is refused everything
 * else.
 */
class KafkaAclIntegrationTests {

    static final String APPLICATION_ID = "acl-aggregator";
    static final String PUBLISHER_PASSWORD = "publisher-" + UUID.randomUUID();
    static final String AGGREGATOR_PASSWORD = "aggregator-" + UUID.randomUUID();

    /** A fresh first-admin token per run: no secret lives in the repository. */
    static final String ADMIN = "acl-admin-" + UUID.randomUUID();

    /** A program topic that exists, for the checks that someone may not write it. */
    static final String PROGRAM_TOPIC = Topics.progress("acl-check").name();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static SecuredLocalKafka kafka;
    static ConfigurableApplicationContext publisher;
    static volatile ConfigurableApplicationContext aggregator;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.startSecured(dir.resolve("kafka"), SecuredOptions.defaults());
        kafka.createScramUser("publisher", PUBLISHER_PASSWORD);
        kafka.createScramUser("aggregator", AGGREGATOR_PASSWORD);
        kafka.createAcls(KafkaAcls.publisher("User:publisher"));
        kafka.createAcls(KafkaAcls.aggregator("User:aggregator", APPLICATION_ID));
        try (Admin admin = Admin.create(kafka.superUserProperties())) {
            admin.createTopics(List.of(new NewTopic(PROGRAM_TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        // Each service as an operator would run it: its own user, everything from
        // spring.kafka.*.
        publisher = PublisherApplication.start(args("publisher", PUBLISHER_PASSWORD));
        aggregator = startAggregator();
    }

    static ConfigurableApplicationContext startAggregator() {
        return AggregatorApplication
            .start(args("aggregator", AGGREGATOR_PASSWORD, "--spring.kafka.streams.application-id=" + APPLICATION_ID,
                    "--spring.kafka.streams.state-dir=" + dir.resolve("aggregator-state"),
                    // A rule that issues slips on its own: the aggregator writes to
                    // `supervision` too.
                    "--planwatch.aggregator.supervision.auto-issue[0].name=acl-silent",
                    "--planwatch.aggregator.supervision.auto-issue[0].condition=SILENT",
                    "--planwatch.aggregator.supervision.auto-issue[0].colour=BLUE",
                    "--planwatch.aggregator.evaluation-interval=2s"));
    }

    @AfterAll
    static void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static String[] args(String user, String password, String... more) {
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--spring.kafka.security.protocol=SASL_SSL",
                "--spring.kafka.properties.sasl.mechanism=" + SecuredLocalKafka.MECHANISM,
                "--spring.kafka.properties.sasl.jaas.config=" + SecuredLocalKafka.jaasConfig(user, password),
                "--spring.kafka.ssl.trust-store-location=" + kafka.truststore().toUri(),
                "--spring.kafka.ssl.trust-store-password=" + kafka.truststorePassword(),
                "--spring.kafka.ssl.trust-store-type=" + kafka.truststoreType(),
                "--planwatch.security.admin-token=" + ADMIN, "--server.port=0", "--management.server.port=0"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void postedReportBecomesTheExactMetricValueUnderTheAcls() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String parent = "acl-plan-" + suffix;
        String id = "acl-e2e-" + suffix;
        // A program no topic exists for yet: the publisher creates progress.<program> on
        // first use.
        assertThat(send(ADMIN, "PUT", catalogUrl(parent), """
                {"name":"经济发展","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31"}
                """).statusCode()).isEqualTo(201);
        assertThat(send(ADMIN, "PUT", catalogUrl(id), """
                {"name":"打好洋楼招商攻坚战","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"kpi","parentId":"%s",
                 "kpis":[{"id":"buildings-leased","name":"招商洋楼","unit":"栋","target":90}]}
                """.formatted(parent)).statusCode()).isEqualTo(201);
        HttpResponse<String> posted = send(issueCommerceToken(), "POST", catalogUrl(id) + "/events", """
                {"eventId":"%s-r1","occurredAt":"2026-06-30T17:00:00+08:00","kpis":{"buildings-leased":36},\
                "reportedBy":"商务局"}
                """.formatted(id));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_events_total", id)).isEqualTo(1.0);
            assertThat(sample(text, "initiative_progress_ratio", id)).isEqualTo(36.0 / 90.0);
            assertThat(sample(text, "initiative_progress_ratio", parent)).as("through initiative-rollups")
                .isEqualTo(36.0 / 90.0);
        });
    }

    /**
     * A slip issued and signed over HTTP (the publisher writes `supervision`, reads the
     * slip back from `initiative-status`), and one the aggregator's rule issues (it
     * writes `supervision`).
     */
    @Test
    void slipsGoThroughTheirLoopUnderTheAcls() throws Exception {
        String id = "acl-slip-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send(ADMIN, "PUT", catalogUrl(id), """
                {"name":"推进碧水三年作战计划","program":"economy","department":"acl-slips","startDate":"2025-01-01",
                 "dueDate":"2027-12-31","reportingCadenceDays":7}
                """).statusCode()).isEqualTo(201);
        HttpResponse<String> supervisor = send(ADMIN, "POST", url(publisher, "local.server.port", "/api/v1/tokens"),
                "{\"role\":\"supervisor\",\"label\":\"acl test\"}");
        HttpResponse<String> department = send(ADMIN, "POST", url(publisher, "local.server.port", "/api/v1/tokens"),
                "{\"role\":\"department\",\"department\":\"acl-slips\",\"label\":\"acl test\"}");
        String supervisorToken = field(supervisor.body(), "token");
        String departmentToken = field(department.body(), "token");
        await().atMost(Duration.ofSeconds(45))
            .untilAsserted(() -> assertThat(send(supervisorToken, "POST", catalogUrl(id) + "/slips",
                    "{\"slipId\":\"S-acl\",\"eventId\":\"acl-issue\",\"colour\":\"yellow\"," + "\"reason\":\"进度滞后\"}")
                .statusCode()).isEqualTo(202));
        await().atMost(Duration.ofSeconds(45))
            .untilAsserted(() -> assertThat(
                    send(departmentToken, "POST", catalogUrl(id) + "/slips/S-acl/sign", "{\"eventId\":\"acl-sign\"}")
                        .statusCode())
                .as("202 once the slip is on initiative-status")
                .isEqualTo(202));
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            String text = metrics();
            assertThat(text)
                .contains("supervision_slips{colour=\"yellow\",department=\"acl-slips\",state=\"signed\"} 1.0");
            assertThat(text).as("the rule's slip for the silent initiative")
                .contains("supervision_slips{colour=\"blue\",department=\"acl-slips\",state=\"issued\"} 1.0");
        });
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

    /**
     * A restart finds its internal topics, committed offsets and transactional ids in
     * place: other requests than a first start makes, under the same ACLs.
     */
    @Test
    void aggregatorRestartsWithItsStateUnderTheAcls() throws Exception {
        String id = "acl-restart-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(send(ADMIN, "PUT", catalogUrl(id), """
                {"name":"开展14项主题救助活动","program":"livelihood","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31"}
                """).statusCode()).isEqualTo(201);
        String token = issueCommerceToken();
        assertThat(send(token, "POST", catalogUrl(id) + "/events", """
                {"eventId":"%s-a","occurredAt":"2026-03-31T17:00:00+08:00","percentComplete":20,"reportedBy":"民政局"}
                """.formatted(id)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(45))
            .untilAsserted(() -> assertThat(sample(metrics(), "initiative_progress_ratio", id)).isEqualTo(0.2));

        aggregator.close();
        aggregator = startAggregator();
        assertThat(send(token, "POST", catalogUrl(id) + "/events", """
                {"eventId":"%s-b","occurredAt":"2026-06-30T17:00:00+08:00","percentComplete":45,"reportedBy":"民政局"}
                """.formatted(id)).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_events_total", id)).as("the first event survived the restart")
                .isEqualTo(2.0);
            assertThat(sample(text, "initiative_progress_ratio", id)).isEqualTo(0.45);
        });
    }

    /**
     * The aggregator's third output: what it cannot read goes to progress.dlt, committed.
     */
    @Test
    void undecodableRecordReachesTheDeadLetterTopicUnderTheAcls() throws Exception {
        String key = "acl-poison-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.superUserProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer
                .send(new ProducerRecord<>(PROGRAM_TOPIC, key.getBytes(StandardCharsets.UTF_8), new byte[] { 0, 1, 2 }))
                .get(30, TimeUnit.SECONDS);
        }
        Properties props = kafka.superUserProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name())
                .stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> keys = new ArrayList<>();
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(500))
                    .forEach(r -> keys.add(r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)));
                assertThat(keys).contains(key);
            });
        }
    }

    /**
     * Kafka client mode under the ACLs a department's system gets (ADR 0014): its topic
     * is the only one it may write, so the topic proves the department, and the
     * aggregator dead-letters what that department may not report on.
     */
    @Test
    void aDepartmentsSystemReportsOnItsOwnTopicAndOnItsOwnInitiativesOnly() throws Exception {
        String password = "erp-" + UUID.randomUUID();
        kafka.createScramUser("commerce-erp", password);
        kafka.createAcls(KafkaAcls.departmentSystem("User:commerce-erp", "commerce"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String ours = "acl-client-" + suffix;
        String theirs = "acl-water-" + suffix;
        // The publisher makes each catalog department's reports topic.
        assertThat(send(ADMIN, "PUT", catalogUrl(ours), """
                {"name":"打好洋楼招商攻坚战","program":"economy","department":"commerce","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"percent"}""").statusCode()).isEqualTo(201);
        assertThat(send(ADMIN, "PUT", catalogUrl(theirs), """
                {"name":"推进碧水三年作战计划","program":"ecology","department":"ecology-env","startDate":"2026-01-01",
                 "dueDate":"2026-12-31","measure":"percent"}""").statusCode()).isEqualTo(201);
        Properties erp = kafka.clientProperties("commerce-erp", password);
        try (KafkaProgressClient client = KafkaProgressClient.builder(erp).department("commerce").build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.knows(ours));
            client.send(Report.builder(ours).percentComplete(40).reportedBy("商务局 招商系统").build());
        }
        // Its own system can still write anything to its own topic: the aggregator
        // judges.
        String forged = "forged-" + suffix;
        Topics.Topic<String, ProgressEvent> topic = Topics.reports("commerce");
        ProgressEvent event = ProgressEvent.newBuilder()
            .setEventId(forged)
            .setInitiativeId(theirs)
            .setOccurredAt(Instant.now())
            .setReceivedAt(Instant.now())
            .setReportedBy("商务局 招商系统")
            .setDepartment("ecology-env")
            .setPercentComplete(100.0)
            .setSource(EventSource.CLIENT)
            .build();
        try (KafkaProducer<String, ProgressEvent> producer = new KafkaProducer<>(erp, new StringSerializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), theirs, event)).get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
            String text = metrics();
            assertThat(sample(text, "initiative_events_total", ours)).isEqualTo(1.0);
            assertThat(text).contains("progress_dead_letters_total{program=\"reports\",reason=\"wrong_department\"}");
        });
        assertThat(sample(metrics(), "initiative_events_total", theirs)).as("nothing counted on theirs").isEqualTo(0.0);
        for (String refused : List.of(Topics.reports("ecology-env").name(), Topics.progress("economy").name(),
                Topics.INITIATIVES.name())) {
            assertWriteRefused("commerce-erp", password, refused);
        }
    }

    /**
     * A department token, issued through the publisher's admin API as an operator would.
     */
    static String issueCommerceToken() throws Exception {
        HttpResponse<String> issued = send(ADMIN, "POST", url(publisher, "local.server.port", "/api/v1/tokens"), """
                {"role":"department","department":"commerce","label":"acl test"}
                """);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        Matcher token = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(issued.body());
        assertThat(token.find()).as(issued.body()).isTrue();
        return token.group(1);
    }

    static String metrics() throws Exception {
        return send(null, "GET", url(aggregator, "local.management.port", "/actuator/prometheus"), null).body();
    }

    static String catalogUrl(String id) {
        return url(publisher, "local.server.port", "/api/v1/initiatives/" + id);
    }

    @Test
    void publisherMayNotReadWhatTheAggregatorWrites() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("publisher", PUBLISHER_PASSWORD, null)) {
            consumer.assign(List.of(new TopicPartition(Topics.INITIATIVE_ALERTS.name(), 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void publisherMayNotWriteTheAggregatorsTopics() {
        for (String topic : List.of(Topics.INITIATIVE_ALERTS.name(), Topics.DEAD_LETTERS.name(),
                Topics.ROLLUPS.name())) {
            assertWriteRefused("publisher", PUBLISHER_PASSWORD, topic);
        }
    }

    @Test
    void publisherMayNotJoinAConsumerGroup() {
        for (String group : List.of("publisher", APPLICATION_ID)) {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer("publisher", PUBLISHER_PASSWORD, group)) {
                consumer.subscribe(List.of(Topics.INITIATIVES.name()));
                assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as(group)
                    .isInstanceOf(GroupAuthorizationException.class);
            }
        }
    }

    @Test
    void publisherMayNotUseATransactionalId() {
        for (String transactionalId : List.of("publisher-tx", APPLICATION_ID + "-tx")) {
            assertTransactionsRefused("publisher", PUBLISHER_PASSWORD, transactionalId);
        }
    }

    @Test
    void publisherMayNotCreateTopicsOtherThanItsOwn() {
        assertCreateRefused("publisher", PUBLISHER_PASSWORD, "elsewhere-" + UUID.randomUUID());
        assertCreateRefused("publisher", PUBLISHER_PASSWORD, APPLICATION_ID + "-fake-changelog");
    }

    @Test
    void aggregatorMayNotWriteWhatThePublisherWrites() {
        for (String topic : List.of(PROGRAM_TOPIC, Topics.INITIATIVES.name(), Topics.ACCESS_TOKENS.name())) {
            assertWriteRefused("aggregator", AGGREGATOR_PASSWORD, topic);
        }
    }

    @Test
    void aggregatorMayNotCreateTopicsOutsideItsPrefix() {
        assertCreateRefused("aggregator", AGGREGATOR_PASSWORD, Topics.progress("acl-new").name());
        assertCreateRefused("aggregator", AGGREGATOR_PASSWORD, "elsewhere-" + UUID.randomUUID());
    }

    @Test
    void aggregatorMayUseOnlyItsOwnGroupAndTransactionalIds() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("aggregator", AGGREGATOR_PASSWORD, "other-group")) {
            consumer.subscribe(List.of(Topics.INITIATIVES.name()));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10)))
                .isInstanceOf(GroupAuthorizationException.class);
        }
        assertTransactionsRefused("aggregator", AGGREGATOR_PASSWORD, "other-tx");
    }

    static void assertWriteRefused(String user, String password, String topic) {
        Properties props = kafka.clientProperties(user, password);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(
                    () -> producer.send(new ProducerRecord<>(topic, new byte[] { 1 })).get(30, TimeUnit.SECONDS))
                .as("%s writes %s", user, topic)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    static void assertTransactionsRefused(String user, String password, String transactionalId) {
        Properties props = kafka.clientProperties(user, password);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(producer::initTransactions).as("%s uses %s", user, transactionalId)
                .isInstanceOf(TransactionalIdAuthorizationException.class);
        }
    }

    static void assertCreateRefused(String user, String password, String topic) {
        try (Admin admin = Admin.create(kafka.clientProperties(user, password))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS)).as("%s creates %s", user, topic)
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(String user, String password, String group) {
        Properties props = kafka.clientProperties(user, password);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static String url(ConfigurableApplicationContext context, String port, String path) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty(port) + path;
    }

    /**
     * @param token bearer token, or null for none (the actuator needs none)
     */
    static HttpResponse<String> send(String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request = body == null ? request.GET()
                : request.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static Double sample(String text, String name, String initiative) {
        Matcher m = Pattern
            .compile("^" + name + "\\{[^}]*initiative=\"" + Pattern.quote(initiative) + "\"[^}]*}\\s+(\\S+)$",
                    Pattern.MULTILINE)
            .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

}
