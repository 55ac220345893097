package org.planwatch.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child OS process of the harness (a broker, the publisher, an aggregator): started from its
 * command line, its output appended to a log file, and killed the ways production kills things:
 * SIGKILL ({@link #kill}), SIGTERM ({@link #terminate}), SIGSTOP / SIGCONT ({@link #freeze},
 * {@link #thaw}). {@link #start} again runs the same command (same ports, same folders).
 */
final class Proc implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    Proc(String name, List<String> command, Map<String, String> environment, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = log;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized Proc start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() {
        Process p = current();
        p.destroyForcibly();
        await(p, 30);
    }

    /** SIGTERM, then waits for a clean exit. */
    void terminate() {
        Process p = current();
        p.destroy();
        if (!await(p, 60)) {
            throw new IllegalStateException(name + " did not stop within 60 s of SIGTERM");
        }
    }

    /** SIGSTOP: the process stays, frozen, holding its sockets and its place in any group. */
    void freeze() {
        signal("STOP");
    }

    /** SIGCONT: a frozen process runs on, unaware that time passed. */
    void thaw() {
        signal("CONT");
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

    @Override
    public void close() {
        if (alive()) {
            thaw();
            kill();
        }
    }
}
