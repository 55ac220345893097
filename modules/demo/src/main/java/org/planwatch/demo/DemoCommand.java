package org.planwatch.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ./demo} command line: its options, and what it does with them. */
@Command(name = "./demo", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        versionProvider = DemoCommand.Version.class,
        description = { "The demo in one command: a real Kafka broker (KRaft), the publisher, the aggregator, the demo "
                + "catalog and a simulator, in one JVM. Ctrl-C stops everything in order." })
final class DemoCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "demo-data",
            description = "broker log and aggregator state (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--wipe", description = "delete the data dir first: a fresh start")
    boolean wipe;

    @Option(names = "--no-simulator", description = "do not post simulated progress")
    boolean noSimulator;

    @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "500",
            description = "pause between simulated reports (default: ${DEFAULT-VALUE})")
    long intervalMillis;

    @Option(names = "--exit-when-ready",
            description = "start, check every catalog initiative is on /actuator/prometheus, stop")
    boolean exitWhenReady;

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "broker port (default: ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", paramLabel = "PORT", defaultValue = "19093",
            description = "KRaft controller port (default: ${DEFAULT-VALUE})")
    int kafkaControllerPort;

    @Option(names = "--publisher-port", paramLabel = "PORT", defaultValue = "8080",
            description = "publisher API port; its actuator is on this port + 1000 (default: ${DEFAULT-VALUE})")
    int publisherPort;

    @Option(names = "--aggregator-port", paramLabel = "PORT", defaultValue = "8081",
            description = "aggregator API port; its actuator is on this port + 1000 (default: ${DEFAULT-VALUE})")
    int aggregatorPort;

    @Option(names = "--no-monitoring", description = "do not start Prometheus and Alertmanager even when installed")
    boolean noMonitoring;

    @Option(names = "--prometheus-port", paramLabel = "PORT", defaultValue = "9090",
            description = "Prometheus port, when installed (default: ${DEFAULT-VALUE})")
    int prometheusPort;

    @Option(names = "--alertmanager-port", paramLabel = "PORT", defaultValue = "9093",
            description = "Alertmanager port, when installed (default: ${DEFAULT-VALUE})")
    int alertmanagerPort;

    DemoOptions options() {
        return new DemoOptions(dataDir, wipe, !noSimulator, exitWhenReady, kafkaPort, kafkaControllerPort,
                publisherPort, managementPort(publisherPort), aggregatorPort, managementPort(aggregatorPort),
                Duration.ofMillis(intervalMillis), !noMonitoring, prometheusPort, alertmanagerPort);
    }

    /** A free API port (0) gets a free actuator port too, rather than 1000. */
    private static int managementPort(int port) {
        return port == 0 ? 0 : port + 1000;
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoOptions options = options();
        Demo demo;
        try {
            demo = Demo.start(options);
        }
        catch (Exception e) {
            log.error("The demo could not start", e);
            return 1;
        }
        if (!options.exitWhenReady()) {
            demo.runUntilStopped();
            return 0;
        }
        try (demo) {
            demo.checkReady();
            return 0;
        }
        catch (RuntimeException | ExecutionException | TimeoutException e) {
            log.error("The demo did not become ready", e);
            return 1;
        }
    }

    /** This build's version (from the jar's manifest), with Kafka's and Spring Boot's. */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Demo.class.getPackage().getImplementationVersion();
            return new String[] { "planwatch demo " + (version == null ? "(development)" : version),
                    "Kafka " + AppInfoParser.getVersion(), "Spring Boot " + SpringBootVersion.getVersion() };
        }

    }

}
