package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoOptionsTests {

    @Test
    void defaultsAreTheDocumentedPorts() {
        DemoOptions o = parse();
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
        assertThat(o.exitWhenReady()).isFalse();
        assertThat(o.simulatorInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void monitoringFilesAreTheOnesInTheDockerFolder() throws IOException {
        try (var rules = Files.list(Path.of("../../docker/prometheus/rules"))) {
            assertThat(Monitoring.FILES).containsAll(rules.map(r -> "prometheus/rules/" + r.getFileName()).toList());
        }
        for (String file : Monitoring.FILES) {
            assertThat(getClass().getClassLoader().getResource("monitoring/" + file)).as(file).isNotNull();
        }
    }

    @Test
    void optionsOverrideDefaults() {
        DemoOptions o = parse("--wipe", "--no-simulator", "--data-dir", "x", "--interval", "20", "--kafka-port",
                "29092", "--kafka-controller-port", "29093", "--publisher-port", "28080", "--aggregator-port", "28081",
                "--exit-when-ready", "--no-monitoring", "--prometheus-port", "29090", "--alertmanager-port", "29093");
        assertThat(o.wipe()).isTrue();
        assertThat(o.simulate()).isFalse();
        assertThat(o.exitWhenReady()).isTrue();
        assertThat(o.dataDir()).isEqualTo(Path.of("x"));
        assertThat(o.simulatorInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(o.kafkaPort()).isEqualTo(29092);
        assertThat(o.kafkaControllerPort()).isEqualTo(29093);
        assertThat(o.publisherPort()).isEqualTo(28080);
        assertThat(o.publisherManagementPort()).isEqualTo(29080);
        assertThat(o.aggregatorPort()).isEqualTo(28081);
        assertThat(o.aggregatorManagementPort()).isEqualTo(29081);
        assertThat(o.monitoring()).isFalse();
        assertThat(o.prometheusPort()).isEqualTo(29090);
        assertThat(o.alertmanagerPort()).isEqualTo(29093);
    }

    @Test
    void theCiSmokeTestsOptionsAreAccepted() {
        // .ci/run's command line, exactly.
        DemoOptions o = parse("--wipe", "--exit-when-ready", "--data-dir", "target/ci-demo", "--kafka-port", "29092",
                "--kafka-controller-port", "29093", "--publisher-port", "28080", "--aggregator-port", "28081",
                "--prometheus-port", "29090", "--alertmanager-port", "29094");
        assertThat(o.exitWhenReady()).isTrue();
        assertThat(o.dataDir()).isEqualTo(Path.of("target/ci-demo"));
        assertThat(o.alertmanagerPort()).isEqualTo(29094);
    }

    @Test
    void aFreePortGetsAFreeActuatorPort() {
        DemoOptions o = parse("--publisher-port", "0", "--aggregator-port", "0");
        assertThat(o.publisherManagementPort()).as("0 is a free port, not 1000").isZero();
        assertThat(o.aggregatorManagementPort()).isZero();
    }

    @Test
    void unknownOptionIsRefusedWithTheUsage() {
        Run run = run("--frobnicate");
        assertThat(run.exitCode()).as("picocli's usage error").isEqualTo(2);
        assertThat(run.err().lines().findFirst()).as("one line that names the option")
            .hasValue("Unknown option: '--frobnicate'");
        assertThat(run.err()).contains("Usage: ./demo").contains("--exit-when-ready").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingOrMalformedValueIsAUsageError() {
        Run missing = run("--data-dir");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--data-dir").contains("Usage: ./demo");
        Run malformed = run("--kafka-port", "ninety");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--kafka-port", "'ninety'").doesNotContain("Exception");
    }

    @Test
    void helpPrintsTheUsageWithEveryOptionAndItsDefault() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: ./demo")
            .contains("--data-dir", "--wipe", "--no-simulator", "--interval", "--exit-when-ready", "--kafka-port",
                    "--kafka-controller-port", "--publisher-port", "--aggregator-port", "--no-monitoring",
                    "--prometheus-port", "--alertmanager-port", "--version");
        assertThat(run.out()).contains("(default: demo-data)", "(default: 19093)", "(default: 9093)");
        assertThat(run.err()).isEmpty();
    }

    private static DemoOptions parse(String... args) {
        DemoCommand command = new DemoCommand();
        new CommandLine(command).parseArgs(args);
        return command.options();
    }

    private static final int WOULD_START = -1;

    /**
     * What {@code ./demo} printed and returned, for arguments that stop before anything
     * starts.
     */
    private record Run(int exitCode, String out, String err) {
    }

    /**
     * Answers help as {@code ./demo} does, but never starts the demo: it would bind the
     * default ports.
     */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new DemoCommand()).setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setExecutionStrategy(parsed -> {
                Integer help = CommandLine.executeHelpRequest(parsed);
                return help != null ? help : WOULD_START;
            })
            .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

}
