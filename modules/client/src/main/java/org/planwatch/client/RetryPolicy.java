package org.planwatch.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard {@link ProgressClient} tries before it gives up on a send.
 *
 * <p>
 * Between attempts it waits what the server's {@code Retry-After} says (429, 503), else
 * an exponential backoff with jitter: attempt n waits between half and all of
 * {@code min(maxDelay, baseDelay * 2^(n-1))}. It never starts a wait that would end after
 * {@code deadline} (counted from the first attempt), so a send returns or fails within
 * about {@code deadline} plus one request timeout.
 *
 * @param maxAttempts attempts in all, the first included (1 means no retry)
 * @param baseDelay backoff before the second attempt
 * @param maxDelay longest backoff between two attempts (a longer {@code Retry-After} is
 * still honoured)
 * @param deadline the whole send, retries included
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration deadline) {

    /**
     * 8 attempts, 200 ms doubling up to 10 s, within 2 minutes: rides out a publisher
     * restart or a broker failover.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(10),
            Duration.ofMinutes(2));

    /** One attempt only. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2));

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(deadline, "deadline");
        if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0 || deadline.isNegative()
                || deadline.isZero()) {
            throw new IllegalArgumentException("Bad retry policy: maxAttempts=" + maxAttempts + ", baseDelay="
                    + baseDelay + ", maxDelay=" + maxDelay + ", deadline=" + deadline);
        }
    }

    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, deadline);
    }

    public RetryPolicy withDelays(Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, deadline);
    }

    public RetryPolicy withDeadline(Duration deadline) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, deadline);
    }
}
