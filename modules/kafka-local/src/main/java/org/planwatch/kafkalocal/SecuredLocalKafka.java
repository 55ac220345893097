package org.planwatch.kafkalocal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * A {@link LocalKafka} broker locked down as a production cluster would be: clients
 * connect over TLS (a self-signed certificate for 127.0.0.1 made at first start), log in
 * with SCRAM-SHA-512, and may do only what ACLs allow ({@code StandardAuthorizer},
 * nothing allowed where no ACL matches). The broker's own user is the one super user; its
 * credential is written into the metadata log when the folder is formatted, before
 * anything else can create users.
 *
 * <p>
 * The KRaft controller listener stays on loopback and uses SASL/PLAIN with the same user,
 * from the broker's configuration file: SCRAM cannot guard it, because SCRAM credentials
 * live in the very metadata log the controller serves.
 *
 * <p>
 * Start one with {@link LocalKafka#startSecured}; then {@link #createScramUser} and
 * {@link #createAcls} as the super user, and {@link #clientProperties} for each user's
 * clients.
 */
public final class SecuredLocalKafka implements AutoCloseable {

    public static final String MECHANISM = "SCRAM-SHA-512";

    private static final long WAIT_SECONDS = 30;

    private final LocalKafka kafka;

    private final SelfSignedTls tls;

    private final String superUser;

    private final String superUserPassword;

    private SecuredLocalKafka(LocalKafka kafka, SelfSignedTls tls, String superUser, String superUserPassword) {
        this.kafka = kafka;
        this.tls = tls;
        this.superUser = superUser;
        this.superUserPassword = superUserPassword;
    }

    static SecuredLocalKafka start(Path dir, SecuredOptions options) {
        try {
            BrokerSecrets secrets = BrokerSecrets.in(dir, options.superUser());
            String password = secrets.superUserPassword();
            SelfSignedTls tls = SelfSignedTls.in(dir, secrets.storePassword());
            int clientPort = options.port() == 0 ? LocalKafka.freePort() : options.port();
            int quorumPort = options.controllerPort() == 0 ? LocalKafka.freePort() : options.controllerPort();
            List<String> bootstrapCredential = List.of("--add-scram",
                    MECHANISM + "=[name=" + options.superUser() + ",password=" + password + "]");
            LocalKafka kafka = LocalKafka.launch(dir, clientPort,
                    brokerProperties(dir, clientPort, quorumPort, options.superUser(), password, tls),
                    bootstrapCredential, clientSecurity(options.superUser(), password, tls));
            return new SecuredLocalKafka(kafka, tls, options.superUser(), password);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start secured Kafka in " + dir, e);
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public Path dir() {
        return kafka.dir();
    }

    /**
     * A PKCS12 truststore with the broker's certificate, for
     * {@code ssl.truststore.location}.
     */
    public Path truststore() {
        return tls.truststore();
    }

    public String truststorePassword() {
        return tls.password();
    }

    public String truststoreType() {
        return SelfSignedTls.STORE_TYPE;
    }

    /** The super user's name; its principal is {@code User:<name>}. */
    public String superUser() {
        return superUser;
    }

    /**
     * Everything a Kafka client needs to connect as {@code user}: bootstrap, TLS and
     * SCRAM settings.
     */
    public Properties clientProperties(String user, String password) {
        Properties props = clientSecurity(user, password, tls);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    public Properties superUserProperties() {
        return clientProperties(superUser, superUserPassword);
    }

    /** The value of {@code sasl.jaas.config} for a SCRAM login as {@code user}. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quote(user)
                + "\" password=\"" + quote(password) + "\";";
    }

    /**
     * Creates (or changes) a SCRAM-SHA-512 user and returns once the broker accepts its
     * login.
     */
    public void createScramUser(String user, String password) {
        try (Admin admin = Admin.create(superUserProperties())) {
            await(admin
                .alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                .all());
        }
        // The controller has the credential now; the broker learns it from the metadata
        // log a moment later.
        Properties props = clientProperties(user, password);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        RuntimeException last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(props)) {
                await(admin.describeCluster().nodes());
                return;
            }
            catch (IllegalStateException e) {
                if (!(e.getCause() instanceof SaslAuthenticationException)) {
                    throw e;
                }
                last = e;
                pause();
            }
        }
        throw new IllegalStateException("The broker did not accept the new user " + user + " in time", last);
    }

    /** Creates the ACLs and returns once the broker enforces all of them. */
    public void createAcls(Collection<AclBinding> acls) {
        try (Admin admin = Admin.create(superUserProperties())) {
            await(admin.createAcls(acls).all());
            // The broker's authorizer follows the metadata log, a moment behind the
            // controller; DescribeAcls is answered from that authorizer, so this sees
            // what is enforced.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (!await(admin.describeAcls(AclBindingFilter.ANY).values()).containsAll(acls)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The broker did not apply the ACLs in time: " + acls);
                }
                pause();
            }
        }
    }

    @Override
    public void close() {
        kafka.close();
    }

    static Properties brokerProperties(Path dir, int port, int controllerPort, String superUser, String password,
            SelfSignedTls tls) {
        Properties props = LocalKafka.brokerProperties(dir, port, controllerPort);
        props.putAll(Map.ofEntries(
                Map.entry("listeners", "CLIENT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "CLIENT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "CLIENT:SASL_SSL,CONTROLLER:SASL_PLAINTEXT"),
                // The broker is its own client too (transaction markers, for one): as the
                // super user.
                Map.entry("inter.broker.listener.name", "CLIENT"),
                Map.entry("sasl.mechanism.inter.broker.protocol", MECHANISM),
                Map.entry("listener.name.client.sasl.enabled.mechanisms", MECHANISM),
                Map.entry("listener.name.client.scram-sha-512.sasl.jaas.config", jaasConfig(superUser, password)),
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("listener.name.controller.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + superUser
                                + "\" password=\"" + password + "\" user_" + superUser + "=\"" + password + "\";"),
                Map.entry("ssl.keystore.type", SelfSignedTls.STORE_TYPE),
                Map.entry("ssl.keystore.location", tls.keystore().toAbsolutePath().toString()),
                Map.entry("ssl.keystore.password", tls.password()), Map.entry("ssl.key.password", tls.password()),
                Map.entry("ssl.truststore.type", SelfSignedTls.STORE_TYPE),
                Map.entry("ssl.truststore.location", tls.truststore().toAbsolutePath().toString()),
                Map.entry("ssl.truststore.password", tls.password()),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("allow.everyone.if.no.acl.found", "false"), Map.entry("super.users", "User:" + superUser)));
        return props;
    }

    private static Properties clientSecurity(String user, String password, SelfSignedTls tls) {
        Properties props = new Properties();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", MECHANISM);
        props.put("sasl.jaas.config", jaasConfig(user, password));
        props.put("ssl.truststore.type", SelfSignedTls.STORE_TYPE);
        props.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
        props.put("ssl.truststore.password", tls.password());
        return props;
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused: " + e.getCause().getMessage(), e.getCause());
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer in time", e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

}
