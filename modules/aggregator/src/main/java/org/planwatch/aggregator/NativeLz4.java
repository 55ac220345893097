package org.planwatch.aggregator;

import net.jpountz.lz4.LZ4Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Kafka's lz4 codec compress with the native library (ADR 0015). The codec asks
 * lz4-java for its fastest factory, which tries the native one only when the library is
 * loaded already or lz4-java sits on the system class loader. In a Spring Boot jar it
 * sits on Boot's loader, so the stream thread compressed every changelog and status batch
 * in plain Java: a sixth of its time in the bench's profile.
 */
final class NativeLz4 {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLz4.class);

    private NativeLz4() {
    }

    /**
     * Loads the native library if this platform has one; Kafka then uses it. Without it
     * Kafka compresses in Java, as before.
     * @return whether the native library is in use
     */
    static boolean load() {
        try {
            LZ4Factory loaded = LZ4Factory.nativeInstance();
            return LZ4Factory.fastestInstance() == loaded;
        }
        catch (LinkageError | AssertionError e) {
            // lz4-java reports a library it could not load or link as one of these.
            LOG.info("lz4 compresses in Java: its native library did not load ({})", e.toString());
            return false;
        }
    }

}
