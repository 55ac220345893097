package org.planwatch.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.planwatch.process.BootService;
import org.springframework.util.FileSystemUtils;

/**
 * The publisher and aggregators as the harness runs them: small heaps and a quick JIT
 * (the harness runs five JVMs on two cores), topics replicated across the harness's
 * brokers, a rate limit that does not get in the load's way. An aggregator keeps its
 * state in {@code
 *
<dir>
 * /<name>-state}.
 */
final class Services {

    private static final List<String> JVM = List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private Services() {
    }

    static BootService publisher(Path dir, String name, Brokers brokers, String adminToken) throws IOException {
        return BootService.of(name, jar("planwatch.publisher.jar"), dir, JVM,
                Map.of("PROGRESS_ADMIN_TOKEN", adminToken),
                List.of("--spring.kafka.bootstrap-servers=" + brokers.bootstrapServers(),
                        "--planwatch.publisher.topics.replication-factor=" + brokers.size(),
                        "--planwatch.publisher.topics.min-in-sync-replicas=" + Math.max(1, brokers.size() - 1),
                        "--planwatch.security.rate-limit.per-second=5000",
                        "--planwatch.security.rate-limit.burst=5000"));
    }

    /**
     * An aggregator instance of application {@code applicationId}, with its own state
     * folder.
     */
    static BootService aggregator(Path dir, String name, Brokers brokers, String adminToken, String applicationId)
            throws IOException {
        Path state = Files.createDirectories(stateDir(dir, name));
        return BootService.of(name, jar("planwatch.aggregator.jar"), dir, JVM,
                Map.of("PROGRESS_ADMIN_TOKEN", adminToken),
                List.of("--spring.kafka.bootstrap-servers=" + brokers.bootstrapServers(),
                        "--spring.kafka.streams.application-id=" + applicationId,
                        "--spring.kafka.streams.state-dir=" + state,
                        // Spring resolves the placeholder to the --server.port
                        // BootService gives the instance.
                        "--spring.kafka.streams.properties.application.server=127.0.0.1:${server.port}",
                        "--spring.kafka.streams.properties.replication.factor=" + brokers.size(),
                        // Warm-up tasks turn active within a minute, not Streams' default
                        // ten
                        "--spring.kafka.streams.properties.probing.rebalance.interval.ms=60000",
                        "--planwatch.aggregator.topics.replication-factor=" + brokers.size(),
                        "--planwatch.aggregator.topics.min-in-sync-replicas=" + Math.max(1, brokers.size() - 1),
                        "--planwatch.security.rate-limit.per-second=5000",
                        "--planwatch.security.rate-limit.burst=5000"));
    }

    /**
     * Deletes an aggregator's state folder (only while stopped): the next start restores
     * from the changelogs.
     */
    static void wipeState(Path dir, BootService aggregator) throws IOException {
        if (aggregator.process().alive()) {
            throw new IllegalStateException("stop " + aggregator.name() + " before wiping its state");
        }
        Path state = stateDir(dir, aggregator.name());
        FileSystemUtils.deleteRecursively(state);
        Files.createDirectories(state);
    }

    private static Path stateDir(Path dir, String name) {
        return dir.resolve(name + "-state");
    }

    private static Path jar(String property) {
        String jar = System.getProperty(property);
        if (jar == null) {
            throw new IllegalStateException("No " + property + ": run through Maven, which builds the services first");
        }
        return Path.of(jar);
    }

}
