package org.planwatch.client;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The attempts of one send under a {@link RetryPolicy}: counts them, keeps the deadline,
 * and waits before the next one. Not shared between threads: each send has its own.
 */
final class RetryLoop {

    private final RetryPolicy policy;

    private final DoubleSupplier random;

    private final Instant deadline;

    private int attempts;

    private final Retrying.Sleeper sleeper;

    RetryLoop(RetryPolicy policy, DoubleSupplier random) {
        this(policy, random, d -> Thread.sleep(d.toMillis()));
    }

    RetryLoop(RetryPolicy policy, DoubleSupplier random, Retrying.Sleeper sleeper) {
        this.policy = policy;
        this.random = random;
        this.sleeper = sleeper;
        this.deadline = Instant.now().plus(policy.deadline());
    }

    /**
     * Counts an attempt about to be made; false when none may be made (deadline passed).
     */
    boolean startAttempt() {
        if (attempts > 0 && !Instant.now().isBefore(deadline)) {
            return false;
        }
        attempts++;
        return true;
    }

    int attempts() {
        return attempts;
    }

    /** What is left of the deadline, for the next request's timeout. */
    Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Waits before the next attempt: {@code retryAfter} when the server gave one (plus a
     * little jitter, so that clients told the same time do not all come back at once),
     * else the backoff.
     * @return false, without waiting, when no attempt is left or the wait would end past
     * the deadline
     */
    boolean pause(Optional<Duration> retryAfter) throws InterruptedException {
        Duration wait = nextWait(retryAfter);
        if (wait == null) {
            return false;
        }
        sleeper.sleep(wait);
        return true;
    }

    /** The wait {@link #pause} would make, or null when it would not make one. */
    Duration nextWait(Optional<Duration> retryAfter) {
        if (attempts >= policy.maxAttempts()) {
            return null;
        }
        Duration wait = retryAfter.map(d -> d.plus(jitter(policy.baseDelay()))).orElseGet(() -> backoff(attempts));
        return Instant.now().plus(wait).isAfter(deadline) ? null : wait;
    }

    void sleep(Duration wait) throws InterruptedException {
        sleeper.sleep(wait);
    }

    /**
     * Equal jitter: between half and all of
     * {@code min(maxDelay, baseDelay * 2^(attempt-1))}.
     */
    Duration backoff(int attempt) {
        long base = policy.baseDelay().toMillis();
        long cap = policy.maxDelay().toMillis();
        long ceiling = attempt >= 32 || base << (attempt - 1) > cap ? cap : base << (attempt - 1);
        return Duration.ofMillis(ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2)));
    }

    private Duration jitter(Duration upTo) {
        return Duration.ofMillis((long) (random.getAsDouble() * upTo.toMillis()));
    }

    /**
     * {@code Retry-After} in seconds or as an HTTP date (RFC 9110); empty when absent or
     * unreadable.
     */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(RetryLoop::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        }
        catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            }
            catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

}
