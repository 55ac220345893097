package org.planwatch.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The token format: {@code pw_<id>_<secret>}, where {@code id} is 16 hex digits (public:
 * the key on the topic, the handle to revoke it, what logs show) and {@code secret} is
 * 256 random bits.
 *
 * <p>
 * Only the SHA-256 of the whole token is stored. A fast hash is right here, unlike for
 * passwords: with 256 random bits there is nothing to guess, so a slow hash (bcrypt,
 * Argon2) would only add milliseconds to every request.
 */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Pattern FORMAT = Pattern.compile("pw_([0-9a-f]{16})_[A-Za-z0-9_-]{43}");

    /** Longest header value looked at; anything longer is not a token of ours. */
    static final int MAX_LENGTH = 512;

    private Tokens() {
    }

    /**
     * A fresh token: its id and the token itself, shown to the admin once and then
     * forgotten.
     */
    public record Issued(String id, String token) {
    }

    public static Issued generate() {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(secret);
        String idHex = HexFormat.of().formatHex(id);
        return new Issued(idHex, "pw_" + idHex + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The id of a token in our format, or null. */
    static String idOf(String token) {
        var m = FORMAT.matcher(token);
        return m.matches() ? m.group(1) : null;
    }

    public static String hash(String token) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /**
     * Compares in constant time, so the answer's timing does not tell how much of a hash
     * matched.
     */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

}
