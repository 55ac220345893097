package org.planwatch.faults;

import java.nio.file.Path;

/** The JDK running the tests, for the child JVMs. */
final class Java {

    private Java() {
    }

    static String binary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
