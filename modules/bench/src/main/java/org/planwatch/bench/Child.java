package org.planwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service under measurement, as its own OS process: the publisher or the aggregator from its -exec.jar. */
final class Child implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final int managementPort;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private Process process;
    private Instant startedAt;

    private Child(String name, List<String> command, Map<String, String> env, Path log, int port, int managementPort) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    static Child service(String name, String jarProperty, Path dir, String heap, Map<String, String> env, String... args)
            throws IOException {
        return service(name, jarProperty, dir, heap, List.of(), env, args);
    }

    static Child service(String name, String jarProperty, Path dir, String heap, List<String> jvmOptions,
            Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty(jarProperty, defaultJar(jarProperty));
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("No " + jar + ": run ./mvnw install -DskipTests first (./bench does)");
        }
        int port = freePort();
        int management = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--management.server.port=" + management,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
        command.addAll(List.of(args));
        return new Child(name, command, env, dir.resolve(name + ".log"), port, management);
    }

    private static String defaultJar(String property) {
        String module = property.contains("publisher") ? "publisher" : "aggregator";
        return "modules/" + module + "/target/" + module + "-0.1.0-exec.jar";
    }

    /** When {@link #start} last launched the process. */
    Instant startedAt() {
        return startedAt;
    }

    Child start() {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            startedAt = Instant.now();
            process = builder.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    String management() {
        return "http://127.0.0.1:" + managementPort;
    }

    Child awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log);
            }
            try {
                if (get(management() + "/actuator/health/readiness").statusCode() == 200) {
                    return this;
                }
            }
            catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + "; see " + log);
    }

    /** Peak resident set size (VmHWM) of the process, in MiB. */
    long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** Heap in use now, from the service's own metrics, in MiB. */
    long heapUsedMiB() throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get(management() + "/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum / (1024 * 1024));
    }

    /**
     * Heap in use right after a full collection (jcmd GC.run): the live set the service needs, not
     * the garbage the last requests left behind.
     */
    long heapLiveMiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        return heapUsedMiB();
    }

    /** Runs a diagnostic command in the service's JVM ({@code jcmd <pid> ...}). */
    void jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
