package org.planwatch.access;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller (token id). Only authenticated callers get a bucket, so the
 * map is as large as the set of issued tokens, whatever strangers send. One per service
 * instance, shared by the API and the department page, so a token has one budget
 * whichever way it comes in. {@link #bounded} keys buckets by what strangers choose (a
 * client address) and keeps a bounded number of them.
 */
public final class RateLimiter {

    private final double perNano;

    private final int burst;

    private final LongSupplier nanoTime;

    private final Map<String, Bucket> buckets;

    RateLimiter(SecurityProperties.RateLimit limit, LongSupplier nanoTime) {
        this(limit.perSecond(), limit.burst(), nanoTime, new ConcurrentHashMap<>());
    }

    private RateLimiter(double perSecond, int burst, LongSupplier nanoTime, Map<String, Bucket> buckets) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.buckets = buckets;
    }

    /**
     * Buckets for at most {@code callers} keys: past that the least recently seen is
     * forgotten (it comes back with a full bucket, which only a client with that many
     * addresses can exploit).
     */
    public static RateLimiter bounded(double perSecond, int burst, int callers, LongSupplier nanoTime) {
        Map<String, Bucket> lru = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > callers;
            }
        };
        return new RateLimiter(perSecond, burst, nanoTime, Collections.synchronizedMap(lru));
    }

    /**
     * The {@code Retry-After} seconds for a wait {@link #acquire} returned: rounded up,
     * at least 1.
     */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * @return 0 when the request may go on, else how many nanoseconds until it could
     */
    public long acquire(String callerId) {
        return buckets.computeIfAbsent(callerId, id -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    private final class Bucket {

        private double tokens;

        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }

    }

}
