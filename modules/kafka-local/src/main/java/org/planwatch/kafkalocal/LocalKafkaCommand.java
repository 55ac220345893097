package org.planwatch.kafkalocal;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@link LocalKafka#main}'s options: one broker, or one node of a cluster on loopback
 * (the fault harness's).
 */
@Command(name = "local-kafka", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = LocalKafkaCommand.Version.class,
        description = "Runs a Kafka broker (KRaft, controller and broker in one node) from the Kafka jars"
                + " until SIGTERM.")
final class LocalKafkaCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "target/kafka",
            description = "the broker's configuration and log; formatted when new (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "client port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--controller-port", paramLabel = "PORT", defaultValue = "19093",
            description = "KRaft controller port on 127.0.0.1, 0 for a free one (default: ${DEFAULT-VALUE})")
    int controllerPort;

    @ArgGroup(exclusive = false, heading = "%nA node of a cluster (--node-id, --voters and --cluster-id together):%n")
    Cluster cluster;

    /** Every node is formatted with the same cluster id and names every voter. */
    static final class Cluster {

        @Option(names = "--node-id", required = true, paramLabel = "N", description = "this node's id, from 1")
        int nodeId;

        @Option(names = "--voters", required = true, paramLabel = "VOTERS",
                description = "every node's controller port: 1@127.0.0.1:PORT,...")
        String voters;

        @Option(names = "--cluster-id", required = true, paramLabel = "ID", description = "the same on every node")
        String clusterId;

        @Option(names = "--replication", paramLabel = "N", defaultValue = "1",
                description = "replicas of internal topics and new topics (default: ${DEFAULT-VALUE})")
        int replication;

    }

    @Override
    public Integer call() throws InterruptedException {
        LocalKafka kafka = cluster == null ? LocalKafka.start(dir, port, controllerPort) : LocalKafka.startNode(dir,
                cluster.nodeId, port, controllerPort, cluster.voters, cluster.clusterId, cluster.replication);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "local-kafka-stop"));
        stopped.await();
        return CommandLine.ExitCode.OK;
    }

    /** This build's version (from the jar's manifest) and Kafka's. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = LocalKafka.class.getPackage().getImplementationVersion();
            return new String[] { "planwatch kafka-local " + (version == null ? "(development)" : version),
                    "Kafka " + AppInfoParser.getVersion() };
        }

    }

}
