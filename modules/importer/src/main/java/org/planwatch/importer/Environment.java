package org.planwatch.importer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What the importer takes from the machine it runs on, in one place so tests can give
 * their own.
 *
 * @param variables environment variables ({@code PLANWATCH_TOKEN})
 * @param home where the default journal folder {@code .planwatch-import} goes
 * @param terminal whether stderr is a terminal: a redrawn progress bar if so, else a line
 * per tenth
 * @param sleeper how to wait out a {@code Retry-After}
 * @param random the retries' jitter, 0 (inclusive) to 1; a test fixes it
 */
record Environment(Map<String, String> variables, Path home, boolean terminal, Sleeper sleeper, DoubleSupplier random) {

    /** Waits. Production sleeps; a unit test records the waits instead. */
    interface Sleeper {

        void sleep(Duration duration) throws InterruptedException;

    }

    static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")), System.console() != null,
                d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble());
    }
}
