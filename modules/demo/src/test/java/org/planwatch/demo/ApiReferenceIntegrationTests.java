package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI descriptions (springdoc, generated from the controllers) cover every API
 * endpoint of both services, each with a summary, its success answer and the access
 * answers: an endpoint added without documentation fails the build. The browsable UI is
 * served next to them.
 */
class ApiReferenceIntegrationTests {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Map<String, ConfigurableApplicationContext> services;

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        String admin = "--planwatch.security.admin-token=docs-admin-" + UUID.randomUUID();
        services = Map.of("publisher",
                PublisherApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0"),
                "aggregator",
                AggregatorApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0",
                        "--spring.kafka.streams.application-id=docs-" + UUID.randomUUID(),
                        "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("planwatch-docs-")));
    }

    @AfterAll
    static void stop() {
        services.values().forEach(ConfigurableApplicationContext::close);
    }

    @ParameterizedTest
    @ValueSource(strings = { "publisher", "aggregator" })
    void everyEndpointIsDocumentedWithItsAnswers(String service) throws Exception {
        ConfigurableApplicationContext context = services.get(service);
        HttpResponse<String> response = get(context, "/v3/api-docs");
        assertThat(response.statusCode()).as("served without a token").isEqualTo(200);
        JsonNode docs = JSON.readTree(response.body());
        assertThat(docs.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
            .isEqualTo("bearer");

        TreeSet<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : docs.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String endpoint = op.getKey().toUpperCase() + " " + path.getKey();
                documented.add(endpoint);
                JsonNode operation = op.getValue();
                assertThat(operation.path("summary").asString("")).as("summary of " + endpoint).isNotBlank();
                assertThat(operation.path("description").asString("")).as("description of " + endpoint).isNotBlank();
                List<String> statuses = names(operation.get("responses"));
                assertThat(statuses).as("answers of " + endpoint)
                    .contains("401", "403", "429")
                    .anyMatch(s -> s.startsWith("2"));
                for (JsonNode parameter : operation.path("parameters")) {
                    assertThat(parameter.get("name").asString()).as("the caller comes from the token")
                        .isNotEqualTo("caller");
                }
            }
        }
        assertThat(documented).as("documented endpoints = the endpoints the service serves")
            .isEqualTo(new TreeSet<>(AccessMatrixIntegrationTests.apiEndpoints(context)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "publisher", "aggregator" })
    void theBrowsableReferenceIsServed(String service) throws Exception {
        HttpResponse<String> page = get(services.get(service), "/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html", "swagger-ui");
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = object.propertyNames().iterator();
        it.forEachRemaining(names::add);
        return names;
    }

    static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        String url = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path;
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
