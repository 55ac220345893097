package org.planwatch.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.planwatch.process.ChildProcess;
import org.planwatch.process.Jdk;

/**
 * Kafka brokers (KRaft, broker and controller in one process) as child JVMs of
 * {@code LocalKafka.main}, on loopback: one, or a three-node cluster in which every node
 * is a voter. Each keeps its folder and ports across restarts.
 */
final class Brokers implements AutoCloseable {

    private final List<ChildProcess> nodes = new ArrayList<>();

    private final List<Integer> ports = new ArrayList<>();

    private Brokers() {
    }

    static Brokers start(Path dir, int count) throws IOException {
        Brokers brokers = new Brokers();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            brokers.ports.add(Jdk.freePort());
            controllerPorts.add(Jdk.freePort());
        }
        String voters = IntStream.range(0, count)
            .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
            .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        for (int i = 0; i < count; i++) {
            Path nodeDir = Files.createDirectories(dir.resolve("kafka-" + (i + 1)));
            List<String> command = new ArrayList<>(List.of(Jdk.java(), "-Xmx384m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "org.planwatch.kafkalocal.LocalKafka", "--dir", nodeDir.toString(), "--port",
                    String.valueOf(brokers.ports.get(i)), "--controller-port", String.valueOf(controllerPorts.get(i))));
            if (count > 1) {
                command.addAll(List.of("--node-id", String.valueOf(i + 1), "--voters", voters, "--cluster-id",
                        clusterId, "--replication", String.valueOf(count)));
            }
            brokers.nodes
                .add(new ChildProcess("kafka-" + (i + 1), command, Map.of(), dir.resolve("kafka-" + (i + 1) + ".log"))
                    .start());
        }
        brokers.awaitReady(count);
        return brokers;
    }

    String bootstrapServers() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    int size() {
        return nodes.size();
    }

    /** Node {@code id} (1-based). */
    ChildProcess node(int id) {
        return nodes.get(id - 1);
    }

    /** Waits until the cluster answers with {@code count} live brokers. */
    void awaitReady(int count) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(props)) {
            await("Kafka with " + count + " brokers").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count);
        }
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    @Override
    public void close() {
        nodes.forEach(ChildProcess::close);
    }

}
