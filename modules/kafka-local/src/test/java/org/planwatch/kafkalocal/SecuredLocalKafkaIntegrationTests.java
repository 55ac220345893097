package org.planwatch.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secured broker: TLS on the wire, SCRAM logins, and only what ACLs allow. */
class SecuredLocalKafkaIntegrationTests {

    @TempDir
    static Path dir;
    static SecuredLocalKafka kafka;

    @BeforeAll
    static void start() {
        kafka = LocalKafka.startSecured(dir, SecuredOptions.defaults());
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aUserMayDoOnlyWhatItsAclsAllow() throws Exception {
        String user = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String topic = "secured-" + user;
        kafka.createScramUser(user, "alice-secret");

        try (Admin alice = Admin.create(kafka.clientProperties(user, "alice-secret"))) {
            assertThatThrownBy(() -> alice.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                .all()
                .get(30, TimeUnit.SECONDS)).as("no ACL, no topic")
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin admin = Admin.create(kafka.superUserProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        kafka.createAcls(List.of(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", AclOperation.WRITE, AclPermissionType.ALLOW))));

        Properties producerProps = kafka.clientProperties(user, "alice-secret");
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "和平区")).get(30, TimeUnit.SECONDS).offset())
                .isZero();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.clientProperties(user, "alice-secret"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(10))).as("writing is not reading")
                .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        kafka.createScramUser("bob", "bob-secret");
        try (Admin bob = Admin.create(quick(kafka.clientProperties("bob", "not-bob-secret")))) {
            assertThatThrownBy(() -> bob.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        try (Admin nobody = Admin.create(quick(kafka.clientProperties("nobody", "x")))) {
            assertThatThrownBy(() -> nobody.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theClientPortSpeaksTlsWithTheBrokersOwnCertificate() throws Exception {
        KeyStore trusted = KeyStore.getInstance(kafka.truststoreType());
        try (InputStream in = Files.newInputStream(kafka.truststore())) {
            trusted.load(in, kafka.truststorePassword().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        String[] hostAndPort = kafka.bootstrapServers().split(":");
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
            .createSocket(hostAndPort[0], Integer.parseInt(hostAndPort[1]))) {
            socket.startHandshake();
            X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .contains((Object) "127.0.0.1", "localhost");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        Properties props = quick(kafka.superUserProperties());
        props.remove("ssl.truststore.location");
        props.remove("ssl.truststore.password");
        props.remove("ssl.truststore.type");
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswer() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(quick(props))) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void aRestartFromTheSameFolderKeepsUsersAndCertificate(@TempDir Path other) throws Exception {
        byte[] truststore;
        try (SecuredLocalKafka first = LocalKafka.startSecured(other, SecuredOptions.defaults())) {
            first.createScramUser("carol", "carol-secret");
            truststore = Files.readAllBytes(first.truststore());
        }
        try (SecuredLocalKafka again = LocalKafka.startSecured(other, SecuredOptions.defaults());
                Admin carol = Admin.create(again.clientProperties("carol", "carol-secret"))) {
            assertThat(Files.readAllBytes(again.truststore())).isEqualTo(truststore);
            assertThat(carol.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    /** Refusals come at once; a client that gets no answer at all gives up after 3 s. */
    private static Properties quick(Properties props) {
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        return props;
    }

}
