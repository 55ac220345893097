package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docker/alertmanager checked by amtool: valid, and each alert goes where it should. */
class AlertmanagerConfigTests {

    static final Path ALERTMANAGER = Tool.REPO.resolve("docker/alertmanager");

    @Test
    void configIsValid() {
        Tool.Result result = Tool.require("amtool").run(ALERTMANAGER, "check-config", "alertmanager.yml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "category=initiative department=commerce alertname=InitiativeStalled        | dept-commerce",
        "category=initiative department=ecology-env alertname=InitiativeOffTrack    | dept-ecology-env",
        "category=initiative department=civil-affairs alertname=InitiativeSilent    | dept-civil-affairs",
        "category=pipeline alertname=AggregatorDown                                  | operators",
        "category=pipeline alertname=EventsDeadLettered program=livelihood           | operators",
        "category=initiative department=not-in-the-catalog alertname=InitiativeStalled | supervisors",
    })
    void routesEachAlertToItsReceiver(String labels, String receiver) {
        String[] args = ("config routes test --config.file=alertmanager.yml --verify.receivers=" + receiver + " "
                + labels.strip()).split("\\s+");
        Tool.Result result = Tool.require("amtool").run(ALERTMANAGER, args);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output().strip()).endsWith(receiver);
    }

    @Test
    void everyDepartmentOfTheDemoCatalogHasItsOwnReceiver() throws IOException {
        String catalog = Files.readString(Tool.REPO.resolve("catalog/demo-catalog.json"));
        String config = Files.readString(ALERTMANAGER.resolve("alertmanager.yml"));
        int departments = 0;
        Matcher m = Pattern.compile("\\{\\s*\"id\": \"([a-z0-9-]+)\",\\s*\"name\": \"[^\"]*\"\\s*}").matcher(
                catalog.substring(catalog.indexOf("\"departments\""), catalog.indexOf("\"initiatives\"")));
        while (m.find()) {
            departments++;
            assertThat(config).contains("department=\"" + m.group(1) + "\"", "- name: dept-" + m.group(1) + "\n");
        }
        assertThat(departments).isGreaterThan(10);
    }
}
