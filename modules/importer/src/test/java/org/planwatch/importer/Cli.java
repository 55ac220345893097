package org.planwatch.importer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the importer's real entry point in this JVM, as a clerk's shell would, and keeps
 * what it printed.
 */
final class Cli {

    /** What one run printed and returned. */
    record Result(int exitCode, String out, String err) {
    }

    private Cli() {
    }

    /**
     * No token in the environment, a fresh home (journal folder), not a terminal, real
     * sleeping.
     */
    static Environment environment() {
        return environment(Map.of(), new ArrayList<>());
    }

    /**
     * @param waits receives each wait instead of sleeping it
     */
    static Environment environment(Map<String, String> variables, List<Duration> waits) {
        try {
            // The least jitter: each wait is the floor of its range, so a test can name
            // it.
            return new Environment(variables, Files.createTempDirectory("importer-home-"), false, waits::add,
                    () -> 0.0);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result run(Environment environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Importer.commandLine(environment, new PrintWriter(out, true), new PrintWriter(err, true))
            .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, content);
            return file;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
