package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the page tests run against: a publisher and an aggregator on the shared broker,
 * with a fresh first-admin token, the publisher's pages reading status from this
 * aggregator.
 */
final class PageStack implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    final String admin = "pages-admin-" + UUID.randomUUID();

    final ConfigurableApplicationContext publisher;

    final ConfigurableApplicationContext aggregator;

    /** The publisher's base URL, {@code http://127.0.0.1:<port>}. */
    final String base;

    private PageStack(String name, String... publisherArgs) throws Exception {
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        String adminArg = "--planwatch.security.admin-token=" + admin;
        int aggregatorPort = freePort();
        List<String> args = new ArrayList<>(List.of(bootstrap, adminArg, "--server.port=0",
                "--management.server.port=0", "--planwatch.web.aggregator-url=http://127.0.0.1:" + aggregatorPort));
        args.addAll(List.of(publisherArgs));
        this.publisher = PublisherApplication.start(args.toArray(String[]::new));
        this.aggregator = AggregatorApplication.start(bootstrap, adminArg, "--server.port=" + aggregatorPort,
                "--management.server.port=0", "--spring.kafka.streams.application-id=" + name + "-" + UUID.randomUUID(),
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("planwatch-" + name + "-"));
        this.base = "http://127.0.0.1:" + publisher.getEnvironment().getProperty("local.server.port");
    }

    /**
     * @param name names the Streams application and its state folder
     */
    static PageStack start(String name, String... publisherArgs) throws Exception {
        return new PageStack(name, publisherArgs);
    }

    /** Puts an initiative into the catalog through the admin API. */
    void put(String id, String json) throws Exception {
        var response = EndToEndIntegrationTests.send(admin, "PUT", base + "/api/v1/initiatives/" + id, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Puts a plan through the admin API. */
    void plan(String id, String json) throws Exception {
        var response = EndToEndIntegrationTests.send(admin, "PUT", base + "/api/v1/plans/" + id, json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /**
     * A token issued through the admin API, as an operator would; {@code body} as the
     * token API takes it.
     */
    String token(String body) throws Exception {
        var response = EndToEndIntegrationTests.send(admin, "POST", base + "/api/v1/tokens", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asString();
    }

    String aggregatorUrl() {
        return "http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.server.port");
    }

    @Override
    public void close() {
        publisher.close();
        aggregator.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
