package org.planwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;
import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.Initiative;

/**
 * Avro 1.12.2 checks every class it makes from a schema; ours must pass whatever the
 * deployment trusts.
 */
class AvroTrustTests {

    @Test
    void theGeneratedPackageIsAddedToWhatTheDeploymentTrusts() {
        ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
        try {
            ClassSecurityValidator.setGlobal(type -> type == StringBuilder.class);
            AvroCodec.trustGeneratedPackage();
            ClassSecurityPredicate trusted = ClassSecurityValidator.getGlobal();
            assertThat(trusted.isTrusted(Initiative.class)).isTrue();
            assertThat(trusted.isTrusted(StringBuilder.class)).isTrue();
            assertThat(trusted.isTrusted(Thread.class)).isFalse();
        }
        finally {
            ClassSecurityValidator.setGlobal(before);
        }
    }

}
