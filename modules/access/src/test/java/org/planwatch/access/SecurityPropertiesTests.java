package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecurityPropertiesTests {

    static final SecurityProperties.RateLimit DEFAULT_RATE = new SecurityProperties.RateLimit(20, 100);

    @Test
    void aShortAdminTokenIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new SecurityProperties("x".repeat(31), DEFAULT_RATE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("PROGRESS_ADMIN_TOKEN");
        assertThatNoException().isThrownBy(() -> new SecurityProperties("x".repeat(32), DEFAULT_RATE));
        assertThatNoException().as("no bootstrap admin").isThrownBy(() -> new SecurityProperties("", DEFAULT_RATE));
    }

    @Test
    void aRateLimitCannotBeSwitchedOff() {
        assertThatThrownBy(() -> new SecurityProperties.RateLimit(0, 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecurityProperties.RateLimit(Double.NaN, 100))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SecurityProperties.RateLimit(20, 0)).isInstanceOf(IllegalArgumentException.class);
    }

}
