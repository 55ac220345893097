package org.planwatch.process;

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

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The publisher or an aggregator from its built {@code -exec.jar}, as its own OS process
 * ({@link ChildProcess}), its log in {@code <name>.log} and its ports fixed for its life,
 * so a restart is found where it was.
 */
public final class BootService implements AutoCloseable {

    /**
     * One client for every harness call to the services: a refused connection fails fast.
     */
    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final Duration POLL = Duration.ofMillis(100);

    private final ChildProcess process;

    private final int port;

    private final int managementPort;

    private BootService(ChildProcess process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /**
     * Not started yet:
     * {@code java <jvmOptions> -jar <jar> --server.port=… --management.server.port=…
     * --spring.main.banner-mode=off <arguments>} on two free loopback ports, logging to
     * {@code <logDir>/<name>.log}.
     * @param jvmOptions the heap ({@code -Xmx…}) and any other JVM flags
     */
    public static BootService of(String name, Path jar, Path logDir, List<String> jvmOptions,
            Map<String, String> environment, List<String> arguments) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(
                    "No " + jar + ": build it first (./mvnw install -DskipTests; ./bench does)");
        }
        int port = Jdk.freePort();
        int management = Jdk.freePort();
        List<String> command = new ArrayList<>();
        command.add(Jdk.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                "--management.server.port=" + management, "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        ChildProcess process = new ChildProcess(name, command, environment, logDir.resolve(name + ".log"));
        return new BootService(process, port, management);
    }

    /** For signals (kill -9, SIGSTOP), its pid, its log. */
    public ChildProcess process() {
        return process;
    }

    public String name() {
        return process.name();
    }

    public int port() {
        return port;
    }

    public int managementPort() {
        return managementPort;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String management() {
        return "http://127.0.0.1:" + managementPort;
    }

    public BootService start() {
        process.start();
        return this;
    }

    /** Whether readiness answers 200 on the management port now. */
    public boolean ready() throws InterruptedException {
        try {
            return HTTP
                .send(HttpRequest.newBuilder(URI.create(management() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(10))
                    .GET()
                    .build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200;
        }
        catch (IOException e) {
            return false; // not listening (yet, or any more)
        }
    }

    /**
     * Waits until readiness answers 200; fails at once, pointing at the log, if the
     * process exits.
     */
    public BootService awaitReady(Duration timeout) {
        try {
            await(name() + " ready").atMost(timeout)
                .pollInterval(POLL)
                .failFast(name() + " exited; see " + process.log(), () -> !process.alive())
                .until(this::ready);
        }
        catch (TerminalFailureException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name() + " not ready after " + timeout + "; see " + process.log(), e);
        }
        return this;
    }

    /** The whole {@code /actuator/prometheus} page. */
    public String metrics() throws IOException, InterruptedException {
        return get(management() + "/actuator/prometheus").body();
    }

    /**
     * Heap in use now, from the service's own metrics ({@code jvm_memory_used_bytes}), in
     * MiB.
     */
    public long heapUsedMiB() throws IOException, InterruptedException {
        return Math.round(heapUsedBytes(metrics()) / (1024 * 1024));
    }

    /**
     * Heap in use right after a full collection (jcmd GC.run): the live set the service
     * needs, not the garbage the last requests left behind.
     */
    public long heapLiveMiB() throws IOException, InterruptedException {
        process.jcmd("GC.run");
        return heapUsedMiB();
    }

    static double heapUsedBytes(String exposition) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** SIGTERM, and SIGKILL after 60 s; nothing when it is not running. */
    public void stop() {
        process.stop();
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return name();
    }

    public static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
