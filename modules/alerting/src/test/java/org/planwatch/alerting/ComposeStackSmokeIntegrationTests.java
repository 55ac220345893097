package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The whole compose stack, where Docker exists (skipped without it: the same services,
 * rules and routes are proven without containers by the other tests of this module and
 * the services' own).
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackSmokeIntegrationTests {

    /**
     * The stack's first admin token, fresh per run (compose refuses to start without
     * one).
     */
    static final String ADMIN = "compose-admin-" + UUID.randomUUID();

    @Container
    static final ComposeContainer STACK = new ComposeContainer(
            new File(Tool.REPO.resolve("docker/docker-compose.yml").toString()))
        .withBuild(true)
        .withEnv("PROGRESS_ADMIN_TOKEN", ADMIN)
        .withExposedService("publisher", 8080,
                Wait.forHttp("/api/v1/initiatives")
                    .withHeader("Authorization", "Bearer " + ADMIN)
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(5)))
        .withExposedService("prometheus", 9090, Wait.forHttp("/-/ready").withStartupTimeout(Duration.ofMinutes(5)));

    @Test
    void catalogIsLoadedAndPrometheusScrapesEveryService() {
        String publisher = "http://" + STACK.getServiceHost("publisher", 8080) + ":"
                + STACK.getServicePort("publisher", 8080);
        String prometheus = "http://" + STACK.getServiceHost("prometheus", 9090) + ":"
                + STACK.getServicePort("prometheus", 9090);
        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            assertThat(get(publisher + "/api/v1/initiatives")).contains("villa-investment-campaign");
            assertThat(get(prometheus + "/api/v1/query?query=sum(up)")).contains("\"4\"");
        });
    }

    static String get(String url) throws Exception {
        return HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + ADMIN).GET().build(),
                    HttpResponse.BodyHandlers.ofString())
            .body();
    }

}
