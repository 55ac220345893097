package org.planwatch.kafkalocal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A real Apache Kafka broker: one KRaft node that is both controller and broker, run from
 * the Kafka jars in this JVM, with its log under a folder of the caller's choosing. It is
 * the broker of the demo and of every integration test; nothing here fakes Kafka.
 *
 * <p>
 * Run it on its own (as its own OS process, e.g. for fault-injection tests) with
 * {@code java -cp <classpath> org.planwatch.kafkalocal.LocalKafka --dir target/kafka --port 9092}.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

    private static volatile LocalKafka shared;

    private final Path dir;

    private final int port;

    private final KafkaRaftServer server;

    private LocalKafka(Path dir, int port, KafkaRaftServer server) {
        this.dir = dir;
        this.port = port;
        this.server = server;
    }

    /**
     * Formats {@code dir} if it is new, starts the broker and returns once it answers
     * clients.
     * @param port client port on 127.0.0.1, or 0 for a free one
     * @param controllerPort KRaft controller port, or 0 for a free one
     */
    public static LocalKafka start(Path dir, int port, int controllerPort) {
        try {
            int clientPort = port == 0 ? freePort() : port;
            int quorumPort = controllerPort == 0 ? freePort() : controllerPort;
            return launch(dir, clientPort, brokerProperties(dir, clientPort, quorumPort), List.of(), new Properties());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka in " + dir, e);
        }
    }

    /**
     * One node of a KRaft cluster on loopback (broker and controller in one process), for
     * the fault harness's three-broker cluster: every node is formatted with the same
     * {@code clusterId} and names every voter. Internal topics get {@code replication}
     * replicas and {@code replication - 1} in sync (at least 1), as a real cluster would.
     * @param voters {@code 1@127.0.0.1:port,2@127.0.0.1:port,...}: every node's
     * controller port
     */
    public static LocalKafka startNode(Path dir, int nodeId, int port, int controllerPort, String voters,
            String clusterId, int replication) {
        Properties props = brokerProperties(dir, port, controllerPort);
        String minIsr = String.valueOf(Math.max(1, replication - 1));
        props.put("node.id", String.valueOf(nodeId));
        props.put("controller.quorum.voters", voters);
        props.put("offsets.topic.replication.factor", String.valueOf(replication));
        props.put("transaction.state.log.replication.factor", String.valueOf(replication));
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("default.replication.factor", String.valueOf(replication));
        props.put("min.insync.replicas", minIsr);
        try {
            return launch(dir, port, props, List.of(), new Properties(), clusterId);
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start Kafka node " + nodeId + " in " + dir, e);
        }
    }

    /**
     * A broker whose clients must authenticate (SASL/SCRAM-SHA-512 over TLS) and may do
     * only what ACLs allow: see {@link SecuredLocalKafka}. Formats {@code dir} if it is
     * new; a folder made by {@link #start} cannot be reused here, nor the other way
     * round.
     */
    public static SecuredLocalKafka startSecured(Path dir, SecuredOptions options) {
        return SecuredLocalKafka.start(dir, options);
    }

    /**
     * Writes {@code props} as the broker's configuration, formats {@code dir} if it is
     * new (with {@code formatArguments} added to kafka-storage's), starts the broker and
     * waits until a client with {@code clientSecurity} is answered.
     */
    static LocalKafka launch(Path dir, int clientPort, Properties props, List<String> formatArguments,
            Properties clientSecurity) throws IOException {
        return launch(dir, clientPort, props, formatArguments, clientSecurity, Uuid.randomUuid().toString());
    }

    private static LocalKafka launch(Path dir, int clientPort, Properties props, List<String> formatArguments,
            Properties clientSecurity, String clusterId) throws IOException {
        Files.createDirectories(dir);
        Path configFile = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, "Written by planwatch LocalKafka");
        }
        format(dir, configFile, formatArguments, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        LocalKafka kafka = new LocalKafka(dir, clientPort, server);
        try {
            kafka.awaitReady(clientSecurity, Duration.ofSeconds(60));
        }
        catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Kafka broker (KRaft) serving on {} with its log in {}", kafka.bootstrapServers(), dir);
        return kafka;
    }

    /**
     * One broker for the whole test JVM, started on first use in a temporary folder and
     * stopped at exit. Integration tests share it (each test uses its own topics or ids)
     * because starting a broker costs seconds.
     */
    public static LocalKafka shared() {
        if (shared == null) {
            synchronized (LocalKafka.class) {
                if (shared == null) {
                    try {
                        Path dir = Files.createTempDirectory("planwatch-kafka-");
                        LocalKafka kafka = start(dir, 0, 0);
                        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "local-kafka-stop"));
                        shared = kafka;
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return shared;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker on port {} stopped", port);
    }

    static Properties brokerProperties(Path dir, int port, int controllerPort) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("log").toAbsolutePath().toString()),
                // The project creates its topics itself; a typo must fail, not make a new
                // topic.
                Map.entry("auto.create.topics.enable", "false"),
                // One node: internal topics cannot have more than one replica.
                Map.entry("offsets.topic.replication.factor", "1"), Map.entry("offsets.topic.num.partitions", "6"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"), Map.entry("transaction.state.log.num.partitions", "6"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // Consumer groups of a fresh demo or test should not wait for more
                // members to join.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE))));
        return props;
    }

    private static void format(Path dir, Path configFile, List<String> extraArguments, String clusterId) {
        if (Files.exists(dir.resolve("log").resolve("meta.properties"))) {
            return;
        }
        List<String> arguments = new ArrayList<>(
                List.of("format", "--cluster-id", clusterId, "--config", configFile.toString(), "--ignore-formatted"));
        arguments.addAll(extraArguments);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = StorageTool.execute(arguments.toArray(String[]::new),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (exit != 0) {
            throw new IllegalStateException(
                    "kafka-storage format failed (" + exit + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady(Properties clientSecurity, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Properties props = new Properties();
        props.putAll(clientSecurity);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            Exception last = null;
            while (Instant.now().isBefore(deadline)) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for Kafka", e);
                }
                catch (Exception e) {
                    last = e; // not up yet; a refused login (secured mode) fails at once,
                              // so pause before asking again
                    pause();
                }
            }
            throw new IllegalStateException("Kafka on " + bootstrapServers() + " did not become ready", last);
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /**
     * Standalone broker: {@code --dir DIR [--port 9092] [--controller-port 19093]}; a
     * node of a cluster also takes
     * {@code --node-id N --voters 1@host:port,... --cluster-id ID [--replication 3]};
     * {@code --help} lists them. Stops on SIGTERM.
     */
    public static void main(String[] args) {
        // Exits with a usage error's 2 or a failed start's 1 whatever threads Kafka left;
        // after SIGTERM the JVM is exiting already and this call only waits for it.
        System.exit(new CommandLine(new LocalKafkaCommand()).execute(args));
    }

}
