package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class DemoOptionsTests {

    @Test
    void defaultsAreTheDocumentedPorts() {
        DemoOptions o = DemoOptions.parse();
        assertThat(o.dataDir()).isEqualTo(Path.of("demo-data"));
        assertThat(o.kafkaPort()).isEqualTo(9092);
        assertThat(o.kafkaControllerPort()).as("not 9093, Alertmanager's port").isEqualTo(19093);
        assertThat(o.publisherPort()).isEqualTo(8080);
        assertThat(o.publisherManagementPort()).isEqualTo(9080);
        assertThat(o.aggregatorPort()).isEqualTo(8081);
        assertThat(o.aggregatorManagementPort()).isEqualTo(9081);
        assertThat(o.simulate()).isTrue();
        assertThat(o.wipe()).isFalse();
        assertThat(o.monitoring()).isTrue();
        assertThat(o.prometheusPort()).isEqualTo(9090);
        assertThat(o.alertmanagerPort()).isEqualTo(9093);
    }

    @Test
    void monitoringFilesAreTheOnesInTheDockerFolder() throws java.io.IOException {
        try (var rules = java.nio.file.Files.list(Path.of("../../docker/prometheus/rules"))) {
            assertThat(Monitoring.FILES).containsAll(rules.map(r -> "prometheus/rules/" + r.getFileName()).toList());
        }
        for (String file : Monitoring.FILES) {
            assertThat(getClass().getClassLoader().getResource("monitoring/" + file)).as(file).isNotNull();
        }
    }

    @Test
    void optionsOverrideDefaults() {
        DemoOptions o = DemoOptions.parse("--wipe", "--no-simulator", "--data-dir", "x", "--interval", "20",
                "--kafka-port", "29092", "--kafka-controller-port", "29093", "--publisher-port", "28080",
                "--aggregator-port", "28081", "--exit-when-ready", "--no-monitoring", "--prometheus-port", "29090",
                "--alertmanager-port", "29093");
        assertThat(o.wipe()).isTrue();
        assertThat(o.simulate()).isFalse();
        assertThat(o.exitWhenReady()).isTrue();
        assertThat(o.dataDir()).isEqualTo(Path.of("x"));
        assertThat(o.simulatorInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.kafkaControllerPort()).isEqualTo(29093);
        assertThat(o.publisherManagementPort()).isEqualTo(29080);
        assertThat(o.aggregatorManagementPort()).isEqualTo(29081);
        assertThat(o.monitoring()).isFalse();
        assertThat(o.prometheusPort()).isEqualTo(29090);
        assertThat(o.alertmanagerPort()).isEqualTo(29093);
    }

    @Test
    void unknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> DemoOptions.parse("--frobnicate")).hasMessageContaining("Usage: ./demo");
    }
}
