package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.planwatch.access.Tokens;
import org.planwatch.kafkalocal.LocalKafka;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A publisher of its own with a tiny rate (1 a second, bursts of 3), so no other test is
 * throttled.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0",
                "planwatch.security.rate-limit.per-second=1", "planwatch.security.rate-limit.burst=3" })
class RateLimitIntegrationTests {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> LocalKafka.shared().bootstrapServers());
        TestAccess.adminToken(registry);
    }

    @Test
    void aTokenOverItsRateIsRefusedWith429AndRetryAfterWhileOtherTokensGoOn() {
        Http admin = new Http("http://127.0.0.1:" + port, TestAccess.ADMIN_TOKEN);
        Http supervisor = TestAccess.supervisor(admin); // the server's first request: it
                                                        // is warm after this
        String unknown = "/api/v1/initiatives/" + PublisherContract.uniqueId("nowhere");

        for (int i = 0; i < 3; i++) {
            assertThat(supervisor.get(unknown).status()).as("request %d of the burst", i + 1).isEqualTo(404);
        }
        Http.Response refused = supervisor.get(unknown);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).as("one token a second").hasValue("1");
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("/problems/rate-limited");

        assertThat(admin.get("/api/v1/tokens").status()).as("another token has its own bucket").isEqualTo(200);
        await().atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> assertThat(supervisor.get(unknown).status()).as("refilled").isEqualTo(404));
    }

    @Test
    void strangersGet401NeverTheRateLimits429() {
        Http stranger = new Http("http://127.0.0.1:" + port, Tokens.generate().token());
        for (int i = 0; i < 10; i++) {
            assertThat(stranger.get("/api/v1/initiatives").status()).isEqualTo(401);
        }
    }

}
