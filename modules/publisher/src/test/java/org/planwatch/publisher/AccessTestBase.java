package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.planwatch.kafkalocal.LocalKafka;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One publisher on the shared broker, called as its different kinds of caller. Subclasses
 * share its Spring context (the configuration is all here), so the publisher starts once
 * for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=publisher", "management.server.port=0",
                // As behind a reverse proxy (docs/operations.md); requests without
                // X-Forwarded-* are unchanged.
                "server.forward-headers-strategy=native" })
abstract class AccessTestBase {

    static final HttpClient CLIENT = HttpClient.newHttpClient();
    static final String EVENT = "{\"percentComplete\":5,\"reportedBy\":\"x\"}";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    /** With the bootstrap admin token. */
    Http admin;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> LocalKafka.shared().bootstrapServers());
        TestAccess.adminToken(registry);
    }

    @BeforeEach
    void http() {
        admin = new Http("http://127.0.0.1:" + port, TestAccess.ADMIN_TOKEN);
    }

    /**
     * A catalog entry of {@code department}, supported by {@code supporting}; returns its
     * id.
     */
    String initiative(String department, String... supporting) {
        String id = PublisherContract.uniqueId("access");
        String json = PublisherContract.initiativeJson("economy", department)
            .replace("{\"name\"", "{\"supportingDepartments\":["
                    + Stream.of(supporting).map(d -> "\"" + d + "\"").collect(Collectors.joining(",")) + "],\"name\"");
        assertThat(admin.put("/api/v1/initiatives/" + id, json).status()).isEqualTo(201);
        return id;
    }

    HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(EVENT));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertForbidden(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("/problems/forbidden");
    }

}
