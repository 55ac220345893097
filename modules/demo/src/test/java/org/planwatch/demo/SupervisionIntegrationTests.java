package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.planwatch.demo.EndToEndIntegrationTests.send;
import static org.planwatch.demo.EndToEndIntegrationTests.url;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The supervision loop (督办) over HTTP on a real broker: issue → sign → answer → return →
 * answer → close, each step followed into the aggregator's metrics and status API and,
 * through the {@code initiative-status} topic, into the publisher's slip list; and the
 * refusals (403, 404, 409).
 */
class SupervisionIntegrationTests {

    static PageStack stack;
    static ConfigurableApplicationContext publisher;
    static ConfigurableApplicationContext aggregator;
    static String ECOLOGY;
    static String COMMERCE;
    static String SUPERVISOR;
    static final String ID = "water-slips-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        stack = PageStack.start("slips");
        publisher = stack.publisher;
        aggregator = stack.aggregator;
        ECOLOGY = stack.token("{\"role\":\"department\",\"department\":\"ecology-env\",\"label\":\"slips\"}");
        COMMERCE = stack.token("{\"role\":\"department\",\"department\":\"commerce\",\"label\":\"slips\"}");
        SUPERVISOR = stack.token("{\"role\":\"supervisor\",\"label\":\"督查室\"}");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        stack.put(ID, """
                {"name":"推进碧水三年作战计划","program":"ecology","department":"ecology-env","startDate":"%s",
                 "dueDate":"%s","reportingCadenceDays":14}
                """.formatted(today.minusDays(30), today.plusDays(200)));
        await().atMost(Duration.ofSeconds(60))
            .until(() -> send(SUPERVISOR, "GET",
                    url(aggregator, "local.server.port", "/api/v1/initiatives/" + ID + "/status"), null)
                .statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void aSlipGoesFromIssueToCloseAndEveryReaderFollowsEachStep() throws Exception {
        HttpResponse<String> issued = send(SUPERVISOR, "POST", api("/slips"), """
                {"colour":"yellow","condition":"off_track","reason":"进度滞后于序时进度","requirement":"三个工作日内说明原因"}
                """);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
        String slip = field(issued.body(), "slipId");
        follow(slip, "issued");
        assertThat(metric("supervision_slips", "ecology-env", "issued", "yellow")).isEqualTo(1.0);

        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/answer"), answer()).statusCode())
            .as("answer before sign")
            .isEqualTo(409);
        HttpResponse<String> early = send(SUPERVISOR, "POST", api("/slips/" + slip + "/close"), "{}");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(early.body()).contains("\"state\":\"issued\"", "slip " + slip + " is issued");

        String sign = "{\"eventId\":\"" + slip + "-sign\"}";
        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/sign"), sign).statusCode()).isEqualTo(202);
        follow(slip, "signed");
        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/sign"), sign).statusCode())
            .as("a retry of the same step")
            .isEqualTo(202);
        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/sign"), "{}").statusCode()).as("sign twice")
            .isEqualTo(409);

        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/answer"), answer()).statusCode()).isEqualTo(202);
        follow(slip, "answered");
        assertThat(send(SUPERVISOR, "POST", api("/slips/" + slip + "/return"), "{\"text\":\"原因分析不充分\"}").statusCode())
            .isEqualTo(202);
        follow(slip, "returned");
        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/answer"), answer()).statusCode()).isEqualTo(202);
        follow(slip, "answered");
        assertThat(send(SUPERVISOR, "POST", api("/slips/" + slip + "/close"), "{\"text\":\"现场核查属实\"}").statusCode())
            .isEqualTo(202);
        follow(slip, "closed");

        String status = send(ECOLOGY, "GET",
                url(aggregator, "local.server.port", "/api/v1/initiatives/" + ID + "/status"), null)
            .body();
        assertThat(kinds(status, slip)).containsExactly("issued", "signed", "answered", "returned", "answered",
                "closed");
        assertThat(metric("supervision_slips", "ecology-env", "closed", "yellow")).isEqualTo(1.0);
        assertThat(metric("supervision_slips", "ecology-env", "issued", "yellow")).isNull();
    }

    @Test
    void onlyTheRightPeopleTakeEachStep() throws Exception {
        HttpResponse<String> issued = send(SUPERVISOR, "POST", api("/slips"),
                "{\"colour\":\"blue\",\"reason\":\"请报送进展\"}");
        String slip = field(issued.body(), "slipId");
        follow(slip, "issued");

        assertThat(send(ECOLOGY, "POST", api("/slips"), "{\"colour\":\"blue\",\"reason\":\"x\"}").statusCode())
            .as("a department issues no slip")
            .isEqualTo(403);
        assertThat(send(ECOLOGY, "POST", api("/slips/" + slip + "/close"), "{}").statusCode()).as("nor closes one")
            .isEqualTo(403);
        assertThat(send(SUPERVISOR, "POST", api("/slips/" + slip + "/sign"), "{}").statusCode())
            .as("a supervisor does not sign for the department")
            .isEqualTo(403);
        assertThat(send(COMMERCE, "POST", api("/slips/" + slip + "/sign"), "{}").statusCode())
            .as("another department's slip")
            .isEqualTo(403);
        assertThat(send(ECOLOGY, "POST", api("/slips/no-such-slip/sign"), "{}").statusCode()).isEqualTo(404);
        assertThat(send(SUPERVISOR, "POST", api("/slips"), "{\"colour\":\"purple\",\"reason\":\"x\"}").statusCode())
            .isEqualTo(400);
        assertThat(send(SUPERVISOR, "POST", api("/slips/" + slip + "/escalate"), "{\"colour\":\"blue\"}").statusCode())
            .as("not a stronger colour")
            .isEqualTo(409);
        assertThat(send(SUPERVISOR, "POST", api("/slips/" + slip + "/escalate"), "{\"colour\":\"red\"}").statusCode())
            .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(
                    () -> assertThat(metric("supervision_slips", "ecology-env", "issued", "red")).isEqualTo(1.0));

        String commerceList = send(COMMERCE, "GET", url(publisher, "local.server.port", "/api/v1/slips"), null).body();
        assertThat(commerceList).as("a department lists only its own slips").doesNotContain(slip);
        assertThat(send(SUPERVISOR, "POST", api("/slips/" + slip + "/withdraw"), "{\"text\":\"重复督办\"}").statusCode())
            .isEqualTo(202);
        follow(slip, "withdrawn");
    }

    /**
     * Waits until the slip's state reached the status API, the metrics and (through the
     * status topic) the slip list.
     */
    static void follow(String slip, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String status = send(SUPERVISOR, "GET",
                    url(aggregator, "local.server.port", "/api/v1/initiatives/" + ID + "/status"), null)
                .body();
            assertThat(status).contains("\"id\":\"" + slip + "\",\"state\":\"" + state + "\"");
            String list = send(SUPERVISOR, "GET",
                    url(publisher, "local.server.port", "/api/v1/slips?department=ecology-env"), null)
                .body();
            assertThat(list).contains("\"slipId\":\"" + slip + "\",\"state\":\"" + state + "\"");
        });
    }

    static Double metric(String name, String department, String state, String colour) throws Exception {
        String text = send(null, "GET", url(aggregator, "local.management.port", "/actuator/prometheus"), null).body();
        Matcher m = Pattern
            .compile("^" + name + "\\{colour=\"" + colour + "\",department=\"" + department + "\",state=\"" + state
                    + "\"}\\s+(\\S+)$", Pattern.MULTILINE)
            .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    /** The kinds of the slip's steps, in order, from the status API's JSON. */
    static List<String> kinds(String status, String slip) {
        List<String> kinds = new ArrayList<>();
        for (JsonNode s : JsonMapper.builder().build().readTree(status).get("slips")) {
            if (s.get("id").asString().equals(slip)) {
                s.get("steps").forEach(step -> kinds.add(step.get("kind").asString()));
            }
        }
        return kinds;
    }

    static String answer() {
        return """
                {"cause":"征收进度受阻","remedy":"增派力量，周报进展","promisedDate":"%s"}
                """.formatted(LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(14));
    }

    static String api(String path) {
        return url(publisher, "local.server.port", "/api/v1/initiatives/" + ID + path);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return m.group(1);
    }

}
