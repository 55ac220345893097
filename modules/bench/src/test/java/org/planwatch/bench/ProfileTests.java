package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Thread names are folded by pool, never into another thread's name. */
class ProfileTests {

    @Test
    void foldsPoolNumbersButNotNamesThatHoldDigits() {
        assertThat(Profile.folded("http-nio-38227-exec-3")).isEqualTo("http-nio-#-exec-#");
        assertThat(Profile.folded("C2 CompilerThread0")).isEqualTo("C2 CompilerThread#");
        assertThat(Profile.folded("C1 CompilerThread0")).isEqualTo("C1 CompilerThread#");
        assertThat(Profile.folded("kafka-producer-network-thread | publisher-producer-1"))
            .isEqualTo("kafka-producer-network-thread | publisher-producer-#");
        assertThat(Profile.folded(null)).isEqualTo("?");
    }

}
