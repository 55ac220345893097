package org.planwatch.publisher.report;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs for reports that come without an eventId.
 * {@link UUID#randomUUID} draws from one NativePRNG whose reads of /dev/urandom all take
 * the same lock, so every request thread of the single POST queued there; each thread
 * here has a DRBG of its own.
 */
final class EventIds {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(EventIds::drbg);

    private EventIds() {
    }

    static String next() {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Java 9 and later always have DRBG", e);
        }
    }

}
