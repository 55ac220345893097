package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.planwatch.kafkalocal.LocalKafka;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two publisher instances, each started as the jar starts, on one broker: a token issued
 * or revoked through either is honoured by the other, through the {@code access-tokens}
 * topic alone.
 */
class TokenSharingIntegrationTests {

    static ConfigurableApplicationContext start() {
        return PublisherApplication.start("--server.port=0", "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers(),
                "--planwatch.security.admin-token=" + TestAccess.ADMIN_TOKEN);
    }

    static Http admin(ConfigurableApplicationContext context) {
        return new Http("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"),
                TestAccess.ADMIN_TOKEN);
    }

    @Test
    void aTokenIssuedOrRevokedThroughOneInstanceIsHonouredByTheOther() {
        try (ConfigurableApplicationContext first = start(); ConfigurableApplicationContext second = start()) {
            Http one = admin(first);
            Http two = admin(second);

            TestAccess.Issued issued = TestAccess.issue(one, "supervisor", null, "督查室");
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(two.withToken(issued.token()).get("/api/v1/initiatives").status())
                    .isEqualTo(200));
            assertThat(two.get("/api/v1/tokens").json().findValuesAsString("id")).as("and listed there")
                .contains(issued.id());

            assertThat(one.delete("/api/v1/tokens/" + issued.id()).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(two.withToken(issued.token()).get("/api/v1/initiatives").status())
                    .isEqualTo(401));
            assertThat(two.delete("/api/v1/tokens/" + issued.id()).status()).as("gone there too").isEqualTo(404);

            TestAccess.Issued back = TestAccess.issue(two, "department", "finance", "财政局");
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(one.withToken(back.token()).get("/api/v1/initiatives").status())
                    .isEqualTo(200));
            assertThat(two.delete("/api/v1/tokens/" + back.id()).status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(one.withToken(back.token()).get("/api/v1/initiatives").status())
                    .isEqualTo(401));
        }
    }

    /**
     * A restarted instance reads every token back from the topic: none is kept only in
     * memory.
     */
    @Test
    void aNewInstanceHonoursTokensIssuedBeforeItStartedAndNotThoseRevoked() {
        TestAccess.Issued kept;
        TestAccess.Issued revoked;
        try (ConfigurableApplicationContext first = start()) {
            Http one = admin(first);
            kept = TestAccess.issue(one, "supervisor", null, "kept");
            revoked = TestAccess.issue(one, "supervisor", null, "revoked");
            assertThat(one.delete("/api/v1/tokens/" + revoked.id()).status()).isEqualTo(204);
        }
        try (ConfigurableApplicationContext later = start()) {
            Http two = admin(later);
            await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(two.withToken(kept.token()).get("/api/v1/initiatives").status())
                    .isEqualTo(200));
            assertThat(two.withToken(revoked.token()).get("/api/v1/initiatives").status()).isEqualTo(401);
        }
    }

}
