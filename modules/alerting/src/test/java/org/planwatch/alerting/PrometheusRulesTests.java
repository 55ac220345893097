package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docker/prometheus checked by promtool, and the promises around it: tests and runbook
 * for every alert.
 */
class PrometheusRulesTests {

    static final Path PROMETHEUS = Tool.REPO.resolve("docker/prometheus");

    @Test
    void configAndRulesAreValid() {
        Tool.Result result = Tool.require("promtool").run(PROMETHEUS, "check", "config", "prometheus.yml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyRuleFileIsValid() throws IOException {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        files(PROMETHEUS.resolve("rules")).forEach(f -> args.add("rules/" + f.getFileName()));
        Tool.Result result = Tool.require("promtool").run(PROMETHEUS, args.toArray(String[]::new));
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).doesNotContain("FAILED").contains("SUCCESS");
    }

    @Test
    void everyRuleUnitTestPasses() throws IOException {
        Tool promtool = Tool.require("promtool");
        List<Path> tests = files(PROMETHEUS.resolve("tests"));
        assertThat(tests).hasSizeGreaterThanOrEqualTo(3);
        for (Path test : tests) {
            Tool.Result result = promtool.run(PROMETHEUS.resolve("tests"), "test", "rules",
                    test.getFileName().toString());
            assertThat(result.exit()).as(test + "\n" + result.output()).isZero();
        }
    }

    @Test
    void everyAlertHasAFiringUnitTestAJustBeforeTestAndARunbookSection() throws IOException {
        Set<String> alerts = alerts();
        assertThat(alerts).contains("InitiativeStalled", "InitiativeSilent", "InitiativeBehindSchedule",
                "InitiativeOffTrack", "InitiativeOverdue", "InitiativeForecastLate", "InitiativeBlocked",
                "InitiativeHealthDivergence", "AggregatorDown", "PublisherDown", "ConsumerLagGrowing",
                "EventsDeadLettered", "RejectedEventsRising", "KafkaStreamsNotRunning");
        StringBuilder allTests = new StringBuilder();
        for (Path test : files(PROMETHEUS.resolve("tests"))) {
            allTests.append(Files.readString(test));
        }
        String runbook = Files.readString(PROMETHEUS.resolve("runbook.md"));
        String rules = rulesText();
        for (String alert : alerts) {
            assertThat(
                    Pattern.compile("alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels").matcher(allTests).find())
                .as("a promtool test where %s fires", alert)
                .isTrue();
            assertThat(Pattern.compile("alertname: " + alert + "\\s+exp_alerts: \\[]").matcher(allTests).find())
                .as("a promtool test where %s is still silent", alert)
                .isTrue();
            assertThat(runbook).as("runbook section for %s", alert).contains("\n## " + alert + "\n");
            assertThat(rules).as("runbook_url of %s", alert).contains("runbook.md#" + alert.toLowerCase());
        }
    }

    @Test
    void everyAlertHasSeveritySummaryDescriptionAndFor() throws IOException {
        String rules = rulesText();
        for (String block : rules.split("- alert: ")) {
            if (!block.matches("(?s)^[A-Z]\\w+\\s.*")) {
                continue;
            }
            String name = block.substring(0, block.indexOf('\n')).strip();
            assertThat(block).as(name)
                .containsPattern("\\n\\s+for: \\d+[mh]")
                .containsPattern("severity: (critical|warning|info)")
                .contains("summary: ", "description: ");
        }
    }

    static Set<String> alerts() throws IOException {
        Set<String> alerts = new TreeSet<>();
        Matcher m = Pattern.compile("- alert: (\\w+)").matcher(rulesText());
        while (m.find()) {
            alerts.add(m.group(1));
        }
        return alerts;
    }

    static String rulesText() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files(PROMETHEUS.resolve("rules"))) {
            text.append(Files.readString(file)).append('\n');
        }
        return text.toString();
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }

}
