package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * docker/docker-compose.yml checked by a real Compose implementation (Debian's docker-compose),
 * since no Docker engine runs here: it must parse, and every service must wait for what it needs
 * to be healthy.
 */
class ComposeFileTests {

    static final Path DOCKER = Tool.REPO.resolve("docker");

    @Test
    void composeFileIsValid() {
        Tool.Result result = Tool.require("docker-compose").run(DOCKER, "-f", "docker-compose.yml", "config", "-q");
        assertThat(result.exit()).as(result.output()).isZero();
    }

    @Test
    void theStackHasEveryPartWithHealthchecksAndOrderedStartup() {
        Tool.Result result = Tool.require("docker-compose").run(DOCKER, "-f", "docker-compose.yml", "config", "--services");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output().lines().map(String::strip).toList()).containsExactlyInAnyOrder("kafka", "catalog-init",
                "publisher", "aggregator-1", "aggregator-2", "prometheus", "alertmanager", "grafana");

        String config = Tool.require("docker-compose").run(DOCKER, "-f", "docker-compose.yml", "config").output();
        assertThat(config).contains("image: apache/kafka:", "condition: service_healthy");
        for (String service : new String[] {"publisher", "aggregator-1", "aggregator-2", "catalog-init", "prometheus", "grafana"}) {
            String block = config.substring(config.indexOf("\n  " + service + ":\n"));
            block = block.substring(0, nextService(block));
            assertThat(block).as(service).contains("depends_on:", "condition: service_healthy");
        }
    }

    private static int nextService(String block) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n  [a-z0-9-]+:\n").matcher(block);
        return m.find(1) ? m.start() : block.length();
    }
}
