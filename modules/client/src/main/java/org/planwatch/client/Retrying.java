package org.planwatch.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntPredicate;

/**
 * The one retry path of every HTTP caller of planwatch (this library, the importer, the
 * demo): a request is sent again under a {@link RetryPolicy}, after the server's
 * {@code Retry-After} (seconds or an HTTP date) plus a little jitter, else an exponential
 * backoff with jitter, while the answer is one a retry can change or no answer came.
 * Immutable; each send has its own count.
 */
public final class Retrying {

    /** Waits; production sleeps, a test records the waits instead. */
    @FunctionalInterface
    public interface Sleeper {

        void sleep(Duration wait) throws InterruptedException;

    }

    /**
     * Hears of each retry before its wait: the busy answer, or the failure when none
     * came.
     */
    @FunctionalInterface
    public interface Listener {

        void retrying(HttpResponse<?> busy, IOException failure, Duration wait);

    }

    private final RetryPolicy policy;

    private final IntPredicate retryOn;

    private final DoubleSupplier random;

    private final Sleeper sleeper;

    private Retrying(RetryPolicy policy, IntPredicate retryOn, DoubleSupplier random, Sleeper sleeper) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.retryOn = retryOn;
        this.random = random;
        this.sleeper = sleeper;
    }

    /**
     * Retries 408, 429 and 5xx answers and failures to get one, as {@link ProgressClient}
     * does.
     */
    public static Retrying under(RetryPolicy policy) {
        return new Retrying(policy, PublisherHttp::retryable, () -> ThreadLocalRandom.current().nextDouble(),
                d -> Thread.sleep(d.toMillis()));
    }

    /** Retries only the answers {@code status} accepts (and failures to get one). */
    public Retrying on(IntPredicate status) {
        return new Retrying(policy, status, random, sleeper);
    }

    /**
     * Draws the jitter from {@code random} (0 inclusive to 1 exclusive); a test fixes it.
     */
    public Retrying withRandom(DoubleSupplier random) {
        return new Retrying(policy, retryOn, random, sleeper);
    }

    public Retrying withSleeper(Sleeper sleeper) {
        return new Retrying(policy, retryOn, random, sleeper);
    }

    /**
     * Sends until an answer a retry cannot change, or the policy is spent.
     * @return that answer, or the last busy one when the policy ran out
     * @throws IOException the last failure, when the last attempt got no answer
     */
    public <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body,
            Listener listener) throws IOException, InterruptedException {
        RetryLoop loop = new RetryLoop(policy, random, sleeper);
        while (true) {
            loop.startAttempt();
            HttpResponse<T> answer = null;
            IOException failure = null;
            try {
                answer = http.send(request, body);
                if (!retryOn.test(answer.statusCode())) {
                    return answer;
                }
            }
            catch (IOException e) {
                failure = e;
            }
            Duration wait = loop.nextWait(answer == null ? Optional.empty() : RetryLoop.retryAfter(answer.headers()));
            if (wait == null) {
                if (failure != null) {
                    throw failure;
                }
                return answer;
            }
            listener.retrying(answer, failure, wait);
            loop.sleep(wait);
        }
    }

    /**
     * The wait before round {@code round} (1 for the first) of a retry the caller runs
     * itself.
     */
    public Duration backoff(int round) {
        return new RetryLoop(policy, random, sleeper).backoff(round);
    }

    /**
     * {@code Retry-After} in seconds or as an HTTP date (RFC 9110); empty when absent or
     * unreadable.
     */
    public static Optional<Duration> retryAfter(HttpHeaders headers) {
        return RetryLoop.retryAfter(headers);
    }

}
