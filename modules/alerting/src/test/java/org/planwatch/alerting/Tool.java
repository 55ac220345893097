package org.planwatch.alerting;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' own tools (Debian's {@code prometheus} and
 * {@code prometheus-alertmanager} packages). Where they are missing the tests are skipped
 * on a developer's machine, but fail in CI ({@code CI=true}), whose {@code .ci/run}
 * installs them: these checks must never silently vanish.
 */
record Tool(String name) {

    record Result(int exit, String output) {
    }

    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();

    static Tool require(String name) {
        boolean present = System.getenv("PATH") != null && List.of(System.getenv("PATH").split(":"))
            .stream()
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, name)));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(
                    name + " is not installed, but CI must run these checks (.ci/run installs it)");
        }
        assumeTrue(present, name + " is not installed (apt-get install prometheus prometheus-alertmanager)");
        return new Tool(name);
    }

    Result run(Path workingDir, String... args) {
        return run(workingDir, Map.of(), args);
    }

    /**
     * @param environment added to (or, for an empty value, removed from) the tool's
     * environment
     */
    Result run(Path workingDir, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(name));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectErrorStream(true);
            environment.forEach((key, value) -> {
                if (value.isEmpty()) {
                    builder.environment().remove(key);
                }
                else {
                    builder.environment().put(key, value);
                }
            });
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish");
            }
            return new Result(process.exitValue(),
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
