package org.planwatch.sheets;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The eventId of a row that names none: {@code imp-} and the first 26 characters (130
 * bits) of the lower-case base32 SHA-256 of the report's content.
 *
 * <p>
 * Why the content, and not the file's name or the row's number: the aggregator counts
 * each eventId once, so the id must stay the same whenever the same report is sent again
 * (the same import re-run, resumed after a crash, the sheet re-saved as CSV, renamed,
 * sorted, or rows inserted above it) and must differ whenever the report says something
 * else. A file name or a row number changes in the first case; the content changes only
 * in the second. Two rows that say exactly the same thing about the same initiative at
 * the same moment are the same report, counted once.
 *
 * <p>
 * The content is canonical: the moment as a UTC instant (so {@code 2026-06-30} in a CSV
 * and the date cell it came from agree), numbers as plain decimals without trailing zeros
 * ({@code 45}, never {@code 45.0}), KPIs by id, milestones sorted, text stripped with
 * {@code \n} line ends. Each field is length-prefixed, so no value can run into the next.
 * {@code v1} names this recipe: change the recipe and the ids of everything already sent
 * change with it.
 */
final class EventIds {

    static final String PREFIX = "imp-";

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private EventIds() {
    }

    static String derive(String initiativeId, OffsetDateTime occurredAt, Double percent, Map<String, Double> kpis,
            List<String> milestones, String declaredHealth, String note, String reportedBy, String supersedes) {
        StringBuilder canonical = new StringBuilder("planwatch-import-v1");
        field(canonical, initiativeId);
        field(canonical, occurredAt.toInstant().toString());
        field(canonical, decimal(percent));
        new TreeMap<>(kpis).forEach((id, value) -> field(canonical, id + "=" + decimal(value)));
        field(canonical, "milestones");
        new TreeSet<>(milestones).forEach(id -> field(canonical, id));
        field(canonical, declaredHealth);
        field(canonical, note == null ? null : note.replace("\r\n", "\n").replace('\r', '\n').strip());
        field(canonical, reportedBy);
        field(canonical, supersedes);
        return PREFIX + base32(sha256(canonical.toString())).substring(0, 26);
    }

    private static void field(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        out.append('|').append(v.length()).append(':').append(v);
    }

    private static String decimal(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** RFC 4648 base32, lower case, no padding. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

}
