package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryLoopTests {

    static final RetryPolicy POLICY = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2),
            Duration.ofMinutes(1));

    @Test
    void backoffDoublesFromTheBaseDelayWithJitterBetweenHalfAndAllOfIt() {
        RetryLoop lowest = new RetryLoop(POLICY, () -> 0.0);
        RetryLoop highest = new RetryLoop(POLICY, () -> 0.999999);
        assertThat(lowest.backoff(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(highest.backoff(1)).isEqualTo(Duration.ofMillis(99));
        assertThat(lowest.backoff(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(lowest.backoff(4)).isEqualTo(Duration.ofMillis(400));
        assertThat(highest.backoff(4)).isEqualTo(Duration.ofMillis(799));
    }

    @Test
    void backoffNeverExceedsTheMaxDelay() {
        RetryLoop highest = new RetryLoop(POLICY, () -> 0.999999);
        for (int attempt = 1; attempt < 80; attempt++) {
            assertThat(highest.backoff(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        }
        assertThat(new RetryLoop(POLICY, () -> 0.0).backoff(64)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
        assertThat(RetryLoop.parseRetryAfter("5")).contains(Duration.ofSeconds(5));
        assertThat(RetryLoop.parseRetryAfter(" 0 ")).contains(Duration.ZERO);
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME
            .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        assertThat(RetryLoop.parseRetryAfter(inAMinute))
            .hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));
        assertThat(RetryLoop.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(RetryLoop.parseRetryAfter("-3")).isEmpty();
        assertThat(RetryLoop.parseRetryAfter("soon")).isEmpty();
    }

    @Test
    void noPauseOnceTheAttemptsAreSpent() throws InterruptedException {
        RetryLoop loop = new RetryLoop(new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1)),
                () -> 0.0);
        assertThat(loop.startAttempt()).isTrue();
        assertThat(loop.pause(Optional.empty())).isTrue();
        assertThat(loop.startAttempt()).isTrue();
        assertThat(loop.pause(Optional.empty())).isFalse();
        assertThat(loop.attempts()).isEqualTo(2);
    }

}
