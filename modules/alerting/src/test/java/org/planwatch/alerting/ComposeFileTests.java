package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml checked by a real Compose implementation (Debian's
 * docker-compose), since no Docker engine runs here: it must parse, and every service
 * must wait for what it needs to be healthy.
 */
class ComposeFileTests {

    static final Path DOCKER = Tool.REPO.resolve("docker");

    /**
     * The stack takes its first admin token from the environment; any value will do to
     * check the file.
     */
    static final Map<String, String> TOKEN = Map.of("PROGRESS_ADMIN_TOKEN", "compose-check-" + UUID.randomUUID());

    @Test
    void composeFileIsValid() {
        Tool.Result result = Tool.require("docker-compose")
            .run(DOCKER, TOKEN, "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exit()).as(result.output()).isZero();
    }

    /**
     * No default admin token: without PROGRESS_ADMIN_TOKEN the stack does not start at
     * all.
     */
    @Test
    void theStackRefusesToStartWithoutAnAdminToken() {
        Tool.Result result = Tool.require("docker-compose")
            .run(DOCKER, Map.of("PROGRESS_ADMIN_TOKEN", ""), "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exit()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("PROGRESS_ADMIN_TOKEN");
    }

    @Test
    void theStackHasEveryPartWithHealthchecksAndOrderedStartup() {
        Tool.Result result = Tool.require("docker-compose")
            .run(DOCKER, TOKEN, "-f", "docker-compose.yml", "config", "--services");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output().lines().map(String::strip).toList()).containsExactlyInAnyOrder("kafka",
                "catalog-init", "publisher", "aggregator-1", "aggregator-2", "prometheus", "alertmanager", "grafana");

        String config = Tool.require("docker-compose")
            .run(DOCKER, TOKEN, "-f", "docker-compose.yml", "config")
            .output();
        assertThat(config).as("the broker image of the Kafka version the build's clients are")
            .contains("image: apache/kafka:" + AppInfoParser.getVersion() + "\n", "condition: service_healthy");
        for (String service : new String[] { "publisher", "aggregator-1", "aggregator-2", "catalog-init", "prometheus",
                "grafana" }) {
            String block = config.substring(config.indexOf("\n  " + service + ":\n"));
            block = block.substring(0, nextService(block));
            assertThat(block).as(service).contains("depends_on:", "condition: service_healthy");
        }
        for (String service : new String[] { "publisher", "aggregator-1", "aggregator-2", "catalog-init" }) {
            String block = config.substring(config.indexOf("\n  " + service + ":\n"));
            assertThat(block.substring(0, nextService(block))).as(service)
                .contains("PROGRESS_ADMIN_TOKEN: compose-check-");
        }
    }

    private static int nextService(String block) {
        Matcher m = Pattern.compile("\n  [a-z0-9-]+:\n").matcher(block);
        return m.find(1) ? m.start() : block.length();
    }

}
