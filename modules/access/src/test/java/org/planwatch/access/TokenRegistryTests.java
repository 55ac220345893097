package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.AccessToken;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * What the registry honours, fed as the topic would feed it (the follower is never
 * started here).
 */
class TokenRegistryTests {

    private final TokenRegistry registry = new TokenRegistry(new KafkaProperties(),
            new SecurityProperties("", new SecurityProperties.RateLimit(20, 100)), "test");

    @Test
    void aRecordedTokenIsHonouredAsItsRoleAndDepartmentUntilATombstoneArrives() {
        Tokens.Issued issued = Tokens.generate();
        registry.wrote(issued.id(), record(issued, Role.DEPARTMENT, "commerce"), 5);

        Caller caller = registry.authenticate(issued.token()).orElseThrow();
        assertThat(caller.role()).isEqualTo(Role.DEPARTMENT);
        assertThat(caller.department()).isEqualTo("commerce");

        registry.wrote(issued.id(), null, 4);
        assertThat(registry.authenticate(issued.token())).as("an older tombstone changes nothing").isPresent();
        registry.wrote(issued.id(), null, 6);
        assertThat(registry.authenticate(issued.token())).isEmpty();
    }

    @Test
    void aDepartmentRecordWithoutADepartmentIsHonouredAsNothingRatherThanFailing() {
        Tokens.Issued blank = Tokens.generate();
        Tokens.Issued missing = Tokens.generate();
        registry.wrote(blank.id(), record(blank, Role.DEPARTMENT, " "), 1);
        registry.wrote(missing.id(), record(missing, Role.DEPARTMENT, null), 2);

        assertThat(registry.authenticate(blank.token())).isEmpty();
        assertThat(registry.authenticate(missing.token())).isEmpty();
    }

    @Test
    void aTokenIsCheckedAgainstItsHashNotJustItsId() {
        Tokens.Issued issued = Tokens.generate();
        registry.wrote(issued.id(), record(issued, Role.SUPERVISOR, null), 1);
        String forged = "pw_" + issued.id() + "_" + Tokens.generate().token().substring(20);

        assertThat(registry.authenticate(forged)).isEmpty();
        assertThat(registry.authenticate(issued.token())).isPresent();
    }

    private static AccessToken record(Tokens.Issued issued, Role role, String department) {
        return AccessToken.newBuilder()
            .setId(issued.id())
            .setTokenHash(Tokens.hash(issued.token()))
            // fully qualified: the wire's Role, beside this package's own
            .setRole(org.planwatch.events.avro.Role.valueOf(role.name()))
            .setDepartment(department)
            .setLabel("test")
            .setIssuedAt(Instant.now())
            .setIssuedBy("test")
            .build();
    }

}
