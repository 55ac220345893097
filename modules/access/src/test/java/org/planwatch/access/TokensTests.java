package org.planwatch.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTests {

    @Test
    void aGeneratedTokenIsPwThenItsIdThenA256BitSecret() {
        Tokens.Issued issued = Tokens.generate();
        assertThat(issued.id()).matches("[0-9a-f]{16}");
        assertThat(issued.token()).startsWith("pw_" + issued.id() + "_").matches("pw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(Tokens.generate().token()).as("fresh randomness each time").isNotEqualTo(issued.token());
    }

    @Test
    void theIdIsReadBackFromAWellFormedTokenOnly() {
        Tokens.Issued issued = Tokens.generate();
        assertThat(Tokens.idOf(issued.token())).isEqualTo(issued.id());
        String secret = issued.token().substring(("pw_" + issued.id() + "_").length());
        assertThat(Tokens.idOf("pw_" + issued.id() + "_" + secret.substring(1))).as("short secret").isNull();
        assertThat(Tokens.idOf(issued.token() + "x")).as("long secret").isNull();
        assertThat(Tokens.idOf("pw_" + issued.id().toUpperCase() + "_" + secret)).as("upper-case id").isNull();
        assertThat(Tokens.idOf("pw_" + issued.id().substring(1) + "_" + secret)).as("15-digit id").isNull();
        assertThat(Tokens.idOf("xx_" + issued.id() + "_" + secret)).as("wrong prefix").isNull();
        assertThat(Tokens.idOf("pw_" + issued.id() + "_" + secret.substring(1) + "=")).as("padding").isNull();
        assertThat(Tokens.idOf("")).isNull();
        assertThat(Tokens.idOf("test-admin-0123456789abcdef0123456789abcdef")).as("an admin token from configuration")
            .isNull();
    }

    @Test
    void theHashIsLowerCaseHexSha256OfTheWholeToken() {
        assertThat(Tokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        String token = Tokens.generate().token();
        assertThat(Tokens.hash(token)).matches("[0-9a-f]{64}")
            .isEqualTo(Tokens.hash(token))
            .isNotEqualTo(Tokens.hash(token + " "));
    }

    @Test
    void hashesAreComparedWhole() {
        String hash = Tokens.hash("a");
        assertThat(Tokens.sameHash(hash, Tokens.hash("a"))).isTrue();
        assertThat(Tokens.sameHash(hash, Tokens.hash("b"))).isFalse();
        assertThat(Tokens.sameHash(hash, hash.substring(0, 63))).as("a prefix is not the hash").isFalse();
    }

}
