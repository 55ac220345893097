package org.planwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.planwatch.demo.AlertRoutes;

import tools.jackson.databind.json.JsonMapper;

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
            "category=initiative department=hexi-housing alertname=InitiativeStalled  | dept-hexi-housing",
            "category=pipeline alertname=AggregatorDown                                  | operators",
            "category=pipeline alertname=EventsDeadLettered program=livelihood           | operators",
            "category=initiative department=not-in-the-catalog alertname=InitiativeStalled | supervisors",
            "category=supervision department=commerce colour=blue alertname=SupervisionSlipUnsigned | dept-commerce",
            "category=supervision department=commerce escalated=true colour=yellow  | supervisors,dept-commerce",
            "category=supervision department=commerce escalated=false colour=red    | dept-commerce", })
    void routesEachAlertToItsReceiver(String labels, String receiver) {
        String[] args = ("config routes test --config.file=alertmanager.yml --verify.receivers=" + receiver + " "
                + labels.strip())
            .split("\\s+");
        Tool.Result result = Tool.require("amtool").run(ALERTMANAGER, args);
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output().strip()).endsWith(receiver);
    }

    /** The committed file is the generator's output: nobody keeps the routes by hand. */
    @Test
    void theCommittedConfigIsGeneratedFromTheCatalogAndTheContacts() throws IOException {
        assertThat(Files.readString(ALERTMANAGER.resolve("alertmanager.yml"))).as("regenerate it with AlertRoutes")
            .isEqualTo(generated(Files.readString(ALERTMANAGER.resolve("contacts.json"))));
    }

    /**
     * E-mail and WeCom (Alertmanager's own wechat_configs) receivers, as a contacts file
     * gives them.
     */
    @Test
    void aConfigWithEmailAndWeComReceiversPassesAmtool(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("secret"), "wecom-secret-for-the-test\n");
        String config = generated(
                """
                        {"departmentWebhook": "https://alerts.example.gov.cn/departments/{id}",
                         "smtp": {"from": "planwatch@example.gov.cn", "smarthost": "smtp.example.gov.cn:587"},
                         "wechat": {"corpId": "ww0123456789", "apiSecretFile": "%s"},
                         "supervisors": {"email": "duchashi@example.gov.cn", "webhook": "https://alerts.example.gov.cn/supervisors"},
                         "operators": {"email": "ops@example.gov.cn"},
                         "departments": {"commerce": {"email": "shangwu@example.gov.cn", \
                         "wechatToParty": "12", "wechatAgentId": "1000002"},
                                         "police": {"wechatToUser": "zhangsan|lisi"}}}
                        """
                    .formatted(dir.resolve("secret")));
        Files.writeString(dir.resolve("alertmanager.yml"), config);
        Tool.Result result = Tool.require("amtool").run(dir, "check-config", "alertmanager.yml");
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(config).contains("wechat_configs:", "to_party: '12'", "email_configs:",
                "to: 'shangwu@example.gov.cn'", "wechat_api_secret: 'wecom-secret-for-the-test'",
                "url: 'https://alerts.example.gov.cn/departments/police'");
    }

    @Test
    void aDepartmentNoOneCanReachOrOneNotInTheCatalogIsRefused() {
        var json = JsonMapper.builder().build();
        var departments = List.of(new AlertRoutes.Department("commerce", "区商务局"));
        assertThatThrownBy(() -> AlertRoutes.generate(departments, json.readTree("{}"), AlertRoutes.Timing.DEFAULT))
            .hasMessageContaining("No way to reach department 'commerce'");
        assertThatThrownBy(() -> AlertRoutes.generate(departments,
                json.readTree("{\"departmentWebhook\":\"http://x/{id}\","
                        + "\"departments\":{\"nowhere\":{\"email\":\"a@b\"}}}"),
                AlertRoutes.Timing.DEFAULT))
            .hasMessageContaining("'nowhere', which is not in the catalog");
    }

    static String generated(String contacts) throws IOException {
        var json = JsonMapper.builder().build();
        return AlertRoutes.generate(
                AlertRoutes.departments(List.of(json.readTree(Files.readString(Tool.REPO.resolve(DEMO_CATALOG))),
                        json.readTree(Files.readString(Tool.REPO.resolve(SAMPLE_DISTRICT))))),
                json.readTree(contacts), AlertRoutes.Timing.DEFAULT);
    }

    static final String DEMO_CATALOG = "catalog/demo-catalog.json";

    /** The demo's second plan, another district's, with departments of its own. */
    static final String SAMPLE_DISTRICT = "catalog/demo-sample-district.json";

    @ParameterizedTest(name = "{0}")
    @CsvSource({ DEMO_CATALOG + ", 10", SAMPLE_DISTRICT + ", 2" })
    void everyDepartmentOfEachDemoPlanHasItsOwnReceiver(String file, int moreThan) throws IOException {
        String catalog = Files.readString(Tool.REPO.resolve(file));
        String config = Files.readString(ALERTMANAGER.resolve("alertmanager.yml"));
        int departments = 0;
        Matcher m = Pattern.compile("\\{\\s*\"id\": *\"([a-z0-9-]+)\",\\s*\"name\": *\"[^\"]*\"\\s*}")
            .matcher(catalog.substring(catalog.indexOf("\"departments\""), catalog.indexOf("\"initiatives\"")));
        while (m.find()) {
            departments++;
            assertThat(config).contains("department=\"" + m.group(1) + "\"", "- name: dept-" + m.group(1) + "\n");
        }
        assertThat(departments).isGreaterThan(moreThan);
    }

}
