package org.planwatch.faults;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.util.FileSystemUtils;

/**
 * The publisher or an aggregator from its built {@code -exec.jar}, as its own OS process, with its
 * ports fixed for its life so a restart is found where it was.
 */
final class Service implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Proc proc;
    private final int port;
    private final int managementPort;
    private final Path stateDir;

    private Service(Proc proc, int port, int managementPort, Path stateDir) {
        this.proc = proc;
        this.port = port;
        this.managementPort = managementPort;
        this.stateDir = stateDir;
    }

    /** The publisher, with the harness's topic settings and a rate limit that does not get in the load's way. */
    static Service publisher(Path dir, String name, Brokers brokers, String adminToken) throws IOException {
        int port = Brokers.freePort();
        int management = Brokers.freePort();
        List<String> command = command("planwatch.publisher.jar", port, management, brokers);
        command.addAll(List.of("--planwatch.publisher.topics.replication-factor=" + brokers.size(),
                "--planwatch.publisher.topics.min-in-sync-replicas=" + Math.max(1, brokers.size() - 1),
                "--planwatch.security.rate-limit.per-second=5000", "--planwatch.security.rate-limit.burst=5000"));
        return new Service(new Proc(name, command, Map.of("PROGRESS_ADMIN_TOKEN", adminToken), dir.resolve(name + ".log")),
                port, management, null);
    }

    /** An aggregator instance of application {@code applicationId}, with its own state folder. */
    static Service aggregator(Path dir, String name, Brokers brokers, String adminToken, String applicationId)
            throws IOException {
        int port = Brokers.freePort();
        int management = Brokers.freePort();
        Path state = Files.createDirectories(dir.resolve(name + "-state"));
        List<String> command = command("planwatch.aggregator.jar", port, management, brokers);
        command.addAll(List.of("--spring.kafka.streams.application-id=" + applicationId,
                "--spring.kafka.streams.state-dir=" + state,
                "--spring.kafka.streams.properties.application.server=127.0.0.1:" + port,
                "--spring.kafka.streams.properties.replication.factor=" + brokers.size(),
                "--planwatch.aggregator.topics.replication-factor=" + brokers.size(),
                "--planwatch.aggregator.topics.min-in-sync-replicas=" + Math.max(1, brokers.size() - 1),
                "--planwatch.security.rate-limit.per-second=5000", "--planwatch.security.rate-limit.burst=5000"));
        return new Service(new Proc(name, command, Map.of("PROGRESS_ADMIN_TOKEN", adminToken), dir.resolve(name + ".log")),
                port, management, state);
    }

    private static List<String> command(String jarProperty, int port, int management, Brokers brokers) {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("No " + jar + ": build the services first (./mvnw verify builds them)");
        }
        return new ArrayList<>(List.of(Java.binary(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar, "--server.port=" + port, "--management.server.port=" + management,
                "--spring.kafka.bootstrap-servers=" + brokers.bootstrapServers(), "--spring.main.banner-mode=off"));
    }

    Proc proc() {
        return proc;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    Service start() {
        proc.start();
        return this;
    }

    /** Waits until readiness answers 200 on the management port. */
    Service awaitReady(Duration timeout) {
        await(proc.name() + " ready").atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    if (!proc.alive()) {
                        throw new AssertionError(proc.name() + " exited; see " + proc.log());
                    }
                    return get(managementUrl() + "/actuator/health/readiness").statusCode() == 200;
                });
        return this;
    }

    /** Deletes the state folder (only while stopped): the next start restores from the changelogs. */
    void wipeState() throws IOException {
        if (proc.alive()) {
            throw new IllegalStateException("stop " + proc.name() + " before wiping its state");
        }
        FileSystemUtils.deleteRecursively(stateDir);
        Files.createDirectories(stateDir);
    }

    String metrics() throws IOException, InterruptedException {
        return get(managementUrl() + "/actuator/prometheus").body();
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        proc.close();
    }
}
