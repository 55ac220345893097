package org.planwatch.bench;

import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures read from a service's Prometheus text exposition
 * ({@code /actuator/prometheus}).
 */
final class Exposition {

    private Exposition() {
    }

    /**
     * The first sample of gauge {@code name} (any labels), formatted, or "?" when there
     * is none.
     */
    static String gauge(String exposition, String name) {
        Matcher m = samples(exposition, name);
        return m.find() ? Rig.fmt(Double.parseDouble(m.group(1))) : "?";
    }

    /**
     * The sum of the samples of {@code name} over all its labels; 0 when there is none.
     */
    static double sum(String exposition, String name) {
        Matcher m = samples(exposition, name);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** The samples of {@code name}, with or without labels: each value in group 1. */
    private static Matcher samples(String exposition, String name) {
        return Pattern.compile("^" + name + "(?:\\{[^}]*})?\\s+(\\S+)$", Pattern.MULTILINE).matcher(exposition);
    }

    /**
     * A histogram's p50 and p99 as bucket bounds in ms ("∞" past the last bound), over
     * what it counted between two scrapes; "?" when there is nothing to read.
     */
    static String[] delayBounds(String histogram, String before, String after) {
        TreeMap<Double, Double> cumulative = buckets(histogram, after);
        TreeMap<Double, Double> earlier = buckets(histogram, before);
        if (earlier.isEmpty()) {
            return new String[] { "?", "?" }; // the warm-up counted events: no buckets
                                              // before the run means no reading
        }
        earlier.forEach((le, count) -> cumulative.merge(le, -count, Double::sum));
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        if (total <= 0) {
            return new String[] { "?", "?" };
        }
        String[] bounds = new String[2];
        double[] quantiles = { 0.5, 0.99 };
        for (int i = 0; i < 2; i++) {
            for (var bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= quantiles[i] * total) {
                    bounds[i] = Double.isInfinite(bucket.getKey()) ? "∞" : Rig.fmt(bucket.getKey() * 1000);
                    break;
                }
            }
        }
        return bounds;
    }

    /**
     * A bound as {@link #delayBounds} gives it, in ms; NaN for "?" and infinity for "∞",
     * which meet no goal.
     */
    static double boundMillis(String bound) {
        return bound.equals("?") ? Double.NaN
                : bound.equals("∞") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.replace(",", ""));
    }

    /** Cumulative counts by upper bound, summed over the histogram's series. */
    private static TreeMap<Double, Double> buckets(String histogram, String exposition) {
        Matcher m = Pattern
            .compile("^" + histogram + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE)
            .matcher(exposition);
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            cumulative.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return cumulative;
    }

    /** How many times {@code needle} occurs in {@code text}. */
    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

}
