package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTests {

    /** Starts far from zero, as System.nanoTime may. */
    final AtomicLong now = new AtomicLong(-5_000_000_000L);

    RateLimiter limiter(double perSecond, int burst) {
        return new RateLimiter(new SecurityProperties.RateLimit(perSecond, burst), now::get);
    }

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aBurstIsAllowedThenTheNextRequestWaitsForOneTokensWorth() {
        RateLimiter limiter = limiter(2, 3);
        assertThat(limiter.acquire("t")).isZero();
        assertThat(limiter.acquire("t")).isZero();
        assertThat(limiter.acquire("t")).isZero();
        assertThat(limiter.acquire("t")).as("2 a second: half a second to the next")
            .isCloseTo(500_000_000L, within(10L));
        assertThat(limiter.acquire("t")).as("a refusal costs nothing").isCloseTo(500_000_000L, within(10L));
    }

    @Test
    void tokensRefillAtTheRateUpToTheBurst() {
        RateLimiter limiter = limiter(2, 3);
        for (int i = 0; i < 3; i++) {
            limiter.acquire("t");
        }
        advance(Duration.ofMillis(250));
        assertThat(limiter.acquire("t")).as("half a token so far").isCloseTo(250_000_000L, within(10L));
        advance(Duration.ofMillis(250));
        assertThat(limiter.acquire("t")).isZero();
        assertThat(limiter.acquire("t")).isPositive();

        advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("t")).as("a long pause refills up to the burst").isZero();
        }
        assertThat(limiter.acquire("t")).as("and no more").isPositive();
    }

    @Test
    void eachCallerHasItsOwnBucket() {
        RateLimiter limiter = limiter(1, 1);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isCloseTo(1_000_000_000L, within(10L));
        assertThat(limiter.acquire("b")).as("another token is not slowed by the first").isZero();
    }

    @Test
    void aFractionalRateWaitsLonger() {
        RateLimiter limiter = limiter(0.5, 1);
        assertThat(limiter.acquire("t")).isZero();
        assertThat(limiter.acquire("t")).isCloseTo(2_000_000_000L, within(10L));
        advance(Duration.ofSeconds(2));
        assertThat(limiter.acquire("t")).isZero();
    }

    @Test
    void aBoundedLimiterKeepsTheMostRecentCallersAndForgetsTheLeastRecentlySeen() {
        RateLimiter limiter = RateLimiter.bounded(1, 1, 2, now::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("b")).isZero();
        assertThat(limiter.acquire("a")).as("a's bucket is kept: empty").isPositive();
        assertThat(limiter.acquire("c")).isZero();
        assertThat(limiter.acquire("a")).as("a was seen after b, so b went").isPositive();
        assertThat(limiter.acquire("b")).as("b forgotten: back with a full bucket").isZero();
    }

}
