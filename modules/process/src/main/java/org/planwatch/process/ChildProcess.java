package org.planwatch.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child OS process of a harness (a broker, the publisher, an aggregator): started
 * from its command line with its output appended to a log file, and ended the ways
 * production ends things: SIGTERM ({@link #terminate}, {@link #stop}), SIGKILL
 * ({@link #kill}), SIGSTOP / SIGCONT ({@link #freeze}, {@link #thaw}). {@link #start}
 * again runs the same command (same ports, same folders).
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;

    private final List<String> command;

    private final Map<String, String> environment;

    private final Path log;

    private Process process;

    private Instant startedAt;

    private boolean frozen;

    public ChildProcess(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public List<String> command() {
        return command;
    }

    public synchronized ChildProcess start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            startedAt = Instant.now();
            process = builder.start();
            frozen = false;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    /** When {@link #start} last launched the process. */
    public synchronized Instant startedAt() {
        return startedAt;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return current().pid();
    }

    /** SIGKILL (kill -9): no shutdown hook runs, nothing is flushed or closed. */
    public void kill() {
        Process p = current();
        p.destroyForcibly();
        await(p, 30);
    }

    /**
     * SIGTERM, then waits for a clean exit; one that does not come within 60 s is an
     * error.
     */
    public void terminate() {
        Process p = current();
        p.destroy();
        if (!await(p, 60)) {
            throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
        }
    }

    /**
     * SIGTERM, and SIGKILL if that has not ended it within 60 s; nothing when it is not
     * running.
     */
    public void stop() {
        if (alive()) {
            Process p = current();
            p.destroy();
            if (!await(p, 60)) {
                kill();
            }
        }
    }

    /**
     * SIGSTOP: the process stays, frozen, holding its sockets and its place in any group.
     */
    public void freeze() {
        signal("STOP");
        setFrozen(true);
    }

    /** SIGCONT: a frozen process runs on, unaware that time passed. */
    public void thaw() {
        signal("CONT");
        setFrozen(false);
    }

    /** Peak resident set size (VmHWM) of the process, in MiB. */
    public long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** Runs a diagnostic command in the process's JVM ({@code jcmd <pid> ...}). */
    public void jcmd(String... arguments) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Jdk.tool("jcmd"), String.valueOf(pid())));
        line.addAll(List.of(arguments));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", arguments) + " failed: " + out);
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    private synchronized boolean frozen() {
        return frozen;
    }

    private synchronized Process current() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process;
    }

    private static boolean await(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Kills the process if it still runs (thawed first if frozen), so a failed run leaves
     * none behind.
     */
    @Override
    public void close() {
        if (alive()) {
            if (frozen()) {
                thaw();
            }
            kill();
        }
    }

    @Override
    public String toString() {
        return name;
    }

}
