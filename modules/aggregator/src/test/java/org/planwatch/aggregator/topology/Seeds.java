package org.planwatch.aggregator.topology;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeds for the randomized tests: one base seed per run, logged, and read from
 * {@code -Dplanwatch.seed=...} when given, so a failing run can be repeated exactly.
 */
final class Seeds {

    static final String PROPERTY = "planwatch.seed";

    private Seeds() {
    }

    /** {@code tries} seeds drawn from the run's base seed. */
    static LongStream of(Class<?> test, int tries) {
        String given = System.getProperty(PROPERTY);
        long base = given == null || given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
        System.out.printf("%s: base seed %d (repeat with -D%s=%d)%n", test.getSimpleName(), base, PROPERTY, base);
        Random random = new Random(base);
        return LongStream.generate(random::nextLong).limit(tries);
    }

}
