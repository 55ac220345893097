package org.planwatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every API endpoint of both services × every kind of caller → the status it must get,
 * generated as one dynamic test per cell. The endpoints are read from the running
 * services' handler mappings, and {@link #everyEndpointHasARow()} fails when one has no
 * row here: a new endpoint cannot ship without its access rules being written down and
 * checked.
 */
class AccessMatrixIntegrationTests {

    enum Principal {

        NONE, BAD_TOKEN, OTHER_DEPARTMENT, OWN_DEPARTMENT, SUPPORTING_DEPARTMENT, SUPERVISOR, OWN_DISTRICT_SUPERVISOR,
        OTHER_DISTRICT_SUPERVISOR, ADMIN

    }

    static final String ADMIN = "matrix-admin-" + UUID.randomUUID();
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String OWN = "matrix-own-" + RUN;
    static final String UNKNOWN = "matrix-unknown-" + RUN;
    static final String PLAN = "matrix-plan-" + RUN;
    static final String PLANLESS = "matrix-planless-" + RUN;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static ConfigurableApplicationContext publisher;
    static ConfigurableApplicationContext aggregator;
    static final Map<Principal, String> tokens = new EnumMap<>(Principal.class);

    /**
     * A request to make, and what must come back: the status, and for a batch the item's
     * status.
     */
    record Cell(String method, Supplier<String> url, Supplier<String> body, int status, Integer itemStatus) {
    }

    @BeforeAll
    static void start() throws Exception {
        String bootstrap = "--spring.kafka.bootstrap-servers=" + LocalKafka.shared().bootstrapServers();
        String admin = "--planwatch.security.admin-token=" + ADMIN;
        publisher = PublisherApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0");
        aggregator = AggregatorApplication.start(bootstrap, admin, "--server.port=0", "--management.server.port=0",
                "--spring.kafka.streams.application-id=matrix-" + RUN,
                "--spring.kafka.streams.state-dir=" + Files.createTempDirectory("planwatch-matrix-"));
        tokens.put(Principal.BAD_TOKEN, "pw_0123456789abcdef_" + "A".repeat(43));
        tokens.put(Principal.OTHER_DEPARTMENT, issue("department", "matrix-other"));
        tokens.put(Principal.OWN_DEPARTMENT, issue("department", "matrix-owner"));
        tokens.put(Principal.SUPPORTING_DEPARTMENT, issue("department", "matrix-helper"));
        tokens.put(Principal.SUPERVISOR, issue("supervisor", null));
        tokens.put(Principal.OWN_DISTRICT_SUPERVISOR, supervisorOf("matrix"));
        tokens.put(Principal.OTHER_DISTRICT_SUPERVISOR, supervisorOf("elsewhere"));
        tokens.put(Principal.ADMIN, issue("admin", null));
        assertThat(call(ADMIN, "PUT", publisherApi("/plans/" + PLAN), plan()).statusCode()).isEqualTo(201);
        assertThat(call(ADMIN, "PUT", publisherApi("/initiatives/" + OWN), definition()).statusCode()).isEqualTo(201);
        assertThat(call(tokens.get(Principal.OWN_DEPARTMENT), "POST", publisherApi("/initiatives/" + OWN + "/events"),
                event())
            .statusCode()).isEqualTo(202);
        // A bulletin without a plan covers the initiatives that have none (a catalog from
        // before plans): one such initiative, reported on.
        assertThat(call(ADMIN, "PUT", publisherApi("/initiatives/" + PLANLESS),
                definition().replace(",\"plan\":\"" + PLAN + "\"", ""))
            .statusCode()).isEqualTo(201);
        assertThat(call(tokens.get(Principal.OWN_DEPARTMENT), "POST",
                publisherApi("/initiatives/" + PLANLESS + "/events"), event())
            .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
            .until(() -> call(ADMIN, "GET", aggregatorApi("/initiatives/" + OWN + "/status"), null)
                .statusCode() == 200);
        // The status is read from the view, which a task fills as it starts; the history
        // from the task's store, which answers 503 (rebalancing) until the instance has
        // settled. The matrix is about who may call what, so it starts once both answer.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> call(ADMIN, "GET", aggregatorApi("/initiatives/" + OWN + "/history"), null)
                .statusCode() == 200);
        // The desk reads the initiative-status topic: it has the initiative a commit
        // interval or so later.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> HTTP
                .send(HttpRequest.newBuilder(URI.create(page("/ui/desk/initiatives/" + OWN)))
                    .header("Cookie", "pw_token=" + tokens.get(Principal.SUPERVISOR))
                    .GET()
                    .build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200);
        await().atMost(Duration.ofSeconds(60))
            .until(() -> HTTP
                .send(HttpRequest.newBuilder(URI.create(page("/ui/desk/initiatives/" + PLANLESS)))
                    .header("Cookie", "pw_token=" + tokens.get(Principal.SUPERVISOR))
                    .GET()
                    .build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200);
        slipsInTheirStates();
        bulletinsInTheirStates();
    }

    /**
     * Bulletin numbers by what each cell needs: a draft to approve or withdraw, an
     * approved one to publish.
     */
    static final Map<String, String> BULLETINS = new HashMap<>();

    /**
     * One bulletin per step endpoint, in the state that step needs; a repeated step is
     * answered as taken.
     */
    static void bulletinsInTheirStates() throws Exception {
        for (String name : List.of("approve", "publish", "withdraw", "page-approve", "page-publish", "page-withdraw")) {
            HttpResponse<String> made = call(ADMIN, "POST", publisherApi("/bulletins"), "{\"plan\":\"" + PLAN + "\"}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            BULLETINS.put(name, JSON.readTree(made.body()).get("id").asString());
        }
        for (String name : List.of("publish", "page-publish")) {
            assertThat(call(ADMIN, "POST", publisherApi("/bulletins/" + BULLETINS.get(name) + "/approve"), "{}")
                .statusCode()).isEqualTo(200);
        }
    }

    static String bulletinApi(String name, String step) {
        return publisherApi("/bulletins/" + BULLETINS.get(name) + (step == null ? "" : "/" + step));
    }

    /**
     * One slip per step endpoint, in the state that step needs. Each step's cells send
     * one eventId, so the principals allowed it all get 202 (the first takes the step,
     * the others retry it).
     */
    static void slipsInTheirStates() throws Exception {
        String supervisor = tokens.get(Principal.SUPERVISOR);
        String owner = tokens.get(Principal.OWN_DEPARTMENT);
        for (String slip : List.of("m-sign", "m-answer", "m-return", "m-close", "m-escalate", "m-withdraw",
                "m-page-close", "m-page-sign", "m-page-answer")) {
            assertThat(call(supervisor, "POST", publisherApi("/initiatives/" + OWN + "/slips"),
                    "{\"slipId\":\"" + slip + "\",\"colour\":\"blue\",\"reason\":\"矩阵\"}")
                .statusCode()).isEqualTo(202);
        }
        awaitSlip("m-page-answer", "issued");
        for (String slip : List.of("m-answer", "m-return", "m-close", "m-page-close", "m-page-answer")) {
            assertThat(call(owner, "POST", slipApi(slip, "sign"), "{}").statusCode()).isEqualTo(202);
        }
        awaitSlip("m-page-answer", "signed");
        for (String slip : List.of("m-return", "m-close", "m-page-close")) {
            assertThat(call(owner, "POST", slipApi(slip, "answer"), answer()).statusCode()).isEqualTo(202);
        }
        awaitSlip("m-page-close", "answered");
    }

    static void awaitSlip(String slip, String state) {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> call(ADMIN, "GET", publisherApi("/slips"), null).body()
                .contains("\"slipId\":\"" + slip + "\",\"state\":\"" + state + "\""));
    }

    static String slipApi(String slip, String step) {
        return publisherApi("/initiatives/" + OWN + "/slips/" + slip + "/" + step);
    }

    static String answer() {
        return "{\"eventId\":\"m-answer-" + RUN + "\",\"cause\":\"矩阵\",\"remedy\":\"矩阵\",\"promisedDate\":\""
                + LocalDate.now().plusDays(30) + "\"}";
    }

    @AfterAll
    static void stop() {
        publisher.close();
        aggregator.close();
    }

    /** Expected status per principal, in {@link Principal} order. */
    static Map<Principal, Integer> row(int... statuses) {
        Map<Principal, Integer> row = new EnumMap<>(Principal.class);
        for (Principal p : Principal.values()) {
            row.put(p, statuses[p.ordinal()]);
        }
        return row;
    }

    /**
     * Endpoint ("METHOD pattern") → the cases to try on it, each a target and a row of
     * expected statuses.
     */
    static Map<String, List<Case>> table() {
        Map<String, List<Case>> table = new LinkedHashMap<>();
        // none bad other own supp sup(city) sup(own district) sup(other district) admin
        table.put("GET /api/v1/initiatives", List.of(new Case("the catalog", () -> publisherApi("/initiatives"), null,
                row(401, 401, 200, 200, 200, 200, 200, 200, 200), null)));
        table.put("GET /api/v1/initiatives/{id}",
                List.of(new Case("an initiative", () -> publisherApi("/initiatives/" + OWN), null,
                        row(401, 401, 403, 200, 200, 200, 200, 403, 200), null),
                        new Case("an unknown id", () -> publisherApi("/initiatives/" + UNKNOWN), null,
                                row(401, 401, 403, 403, 403, 404, 403, 403, 404), null)));
        table.put("PUT /api/v1/initiatives/{id}",
                List.of(new Case("an initiative", () -> publisherApi("/initiatives/" + OWN),
                        AccessMatrixIntegrationTests::definition, row(401, 401, 403, 403, 403, 403, 403, 403, 200),
                        null)));
        table.put("POST /api/v1/initiatives/{id}/events", List.of(
                new Case("an initiative", () -> publisherApi("/initiatives/" + OWN + "/events"),
                        AccessMatrixIntegrationTests::event, row(401, 401, 403, 202, 202, 403, 403, 403, 403), null),
                new Case("an unknown id", () -> publisherApi("/initiatives/" + UNKNOWN + "/events"),
                        AccessMatrixIntegrationTests::event, row(401, 401, 403, 403, 403, 403, 403, 403, 403), null)));
        table.put("POST /api/v1/events", List.of(
                new Case("a batch item", () -> publisherApi("/events"), () -> batch(OWN),
                        row(401, 401, 200, 200, 200, 403, 403, 403, 403), row(0, 0, 403, 202, 202, 0, 0, 0, 0)),
                new Case("a batch item for an unknown id", () -> publisherApi("/events"), () -> batch(UNKNOWN),
                        row(401, 401, 200, 200, 200, 403, 403, 403, 403), row(0, 0, 403, 403, 403, 0, 0, 0, 0))));
        table.put("GET /api/v1/plans", List.of(new Case("the plans", () -> publisherApi("/plans"), null,
                row(401, 401, 200, 200, 200, 200, 200, 200, 200), null)));
        table.put("GET /api/v1/plans/{id}",
                List.of(new Case("a plan", () -> publisherApi("/plans/" + PLAN), null,
                        row(401, 401, 200, 200, 200, 200, 200, 403, 200), null),
                        new Case("an unknown id", () -> publisherApi("/plans/" + UNKNOWN), null,
                                row(401, 401, 404, 404, 404, 404, 403, 403, 404), null)));
        table.put("PUT /api/v1/plans/{id}", List.of(new Case("a plan", () -> publisherApi("/plans/" + PLAN),
                AccessMatrixIntegrationTests::plan, row(401, 401, 403, 403, 403, 403, 403, 403, 200), null)));
        // The matrix's plan is active: an admin passes the check and meets the state.
        table.put("POST /api/v1/plans/{id}/carry-over",
                List.of(new Case("an active plan", () -> publisherApi("/plans/" + PLAN + "/carry-over"),
                        () -> "{\"into\":\"" + PLAN + "\"}", row(401, 401, 403, 403, 403, 403, 403, 403, 409), null)));
        table.put("GET /api/v1/tokens", List.of(new Case("the tokens", () -> publisherApi("/tokens"), null,
                row(401, 401, 403, 403, 403, 403, 403, 403, 200), null)));
        table.put("POST /api/v1/tokens",
                List.of(new Case("a new token", () -> publisherApi("/tokens"),
                        () -> "{\"role\":\"supervisor\",\"label\":\"matrix\"}",
                        row(401, 401, 403, 403, 403, 403, 403, 403, 201), null)));
        table.put("DELETE /api/v1/tokens/{id}", List.of(new Case("a token", () -> publisherApi("/tokens/" + victim()),
                null, row(401, 401, 403, 403, 403, 403, 403, 403, 204), null)));
        table.put("GET /api/v1/initiatives/{id}/status",
                List.of(new Case("an initiative", () -> aggregatorApi("/initiatives/" + OWN + "/status"), null,
                        row(401, 401, 403, 200, 200, 200, 200, 403, 200), null),
                        new Case("an unknown id", () -> aggregatorApi("/initiatives/" + UNKNOWN + "/status"), null,
                                row(401, 401, 403, 403, 403, 404, 403, 403, 404), null)));
        table.put("GET /api/v1/initiatives/{id}/history",
                List.of(new Case("an initiative", () -> aggregatorApi("/initiatives/" + OWN + "/history"), null,
                        row(401, 401, 403, 200, 200, 200, 200, 403, 200), null),
                        new Case("an unknown id", () -> aggregatorApi("/initiatives/" + UNKNOWN + "/history"), null,
                                row(401, 401, 403, 403, 403, 404, 403, 403, 404), null)));
        Map<Principal, Integer> supervisors = row(401, 401, 403, 403, 403, 202, 202, 403, 202);
        Map<Principal, Integer> owner = row(401, 401, 403, 202, 403, 403, 403, 403, 403);
        table.put("POST /api/v1/initiatives/{id}/slips",
                List.of(new Case("an initiative", () -> publisherApi("/initiatives/" + OWN + "/slips"),
                        () -> "{\"eventId\":\"m-issue-" + RUN + "\",\"colour\":\"blue\",\"reason\":\"矩阵\"}",
                        supervisors, null),
                        new Case("an unknown id", () -> publisherApi("/initiatives/" + UNKNOWN + "/slips"),
                                () -> "{\"colour\":\"blue\",\"reason\":\"矩阵\"}",
                                row(401, 401, 403, 403, 403, 404, 403, 403, 404), null)));
        table.put("POST /api/v1/initiatives/{id}/slips/{slipId}/sign", List.of(new Case("an issued slip",
                () -> slipApi("m-sign", "sign"), () -> "{\"eventId\":\"m-sign-" + RUN + "\"}", owner, null)));
        table.put("POST /api/v1/initiatives/{id}/slips/{slipId}/answer", List.of(new Case("a signed slip",
                () -> slipApi("m-answer", "answer"), AccessMatrixIntegrationTests::answer, owner, null)));
        table.put("POST /api/v1/initiatives/{id}/slips/{slipId}/return",
                List.of(new Case("an answered slip", () -> slipApi("m-return", "return"),
                        () -> "{\"eventId\":\"m-return-" + RUN + "\",\"text\":\"矩阵\"}", supervisors, null)));
        table.put("POST /api/v1/initiatives/{id}/slips/{slipId}/close", List.of(new Case("an answered slip",
                () -> slipApi("m-close", "close"), () -> "{\"eventId\":\"m-close-" + RUN + "\"}", supervisors, null)));
        table.put("POST /api/v1/initiatives/{id}/slips/{slipId}/escalate",
                List.of(new Case("an issued slip", () -> slipApi("m-escalate", "escalate"),
                        () -> "{\"eventId\":\"m-escalate-" + RUN + "\",\"colour\":\"red\"}", supervisors, null)));
        table.put("POST /api/v1/initiatives/{id}/slips/{slipId}/withdraw",
                List.of(new Case("an issued slip", () -> slipApi("m-withdraw", "withdraw"),
                        () -> "{\"eventId\":\"m-withdraw-" + RUN + "\",\"text\":\"矩阵\"}", supervisors, null)));
        // A plan's bulletins are its overseers': the city's office, admins and the plan's
        // own district; a bulletin of plan-less initiatives is city-wide.
        Map<Principal, Integer> bulletinReaders = row(401, 401, 403, 403, 403, 200, 200, 403, 200);
        table.put("GET /api/v1/bulletins", List.of(new Case("the bulletins (each sees its own plans')",
                () -> publisherApi("/bulletins"), null, row(401, 401, 403, 403, 403, 200, 200, 200, 200), null)));
        table.put("POST /api/v1/bulletins",
                List.of(new Case("a new draft of the plan", () -> publisherApi("/bulletins"),
                        () -> "{\"plan\":\"" + PLAN + "\"}", row(401, 401, 403, 403, 403, 201, 201, 403, 201), null),
                        new Case("a new draft of plan-less initiatives", () -> publisherApi("/bulletins"), () -> "{}",
                                row(401, 401, 403, 403, 403, 201, 403, 403, 201), null)));
        table.put("GET /api/v1/bulletins/{id}",
                List.of(new Case("a bulletin", () -> bulletinApi("approve", null), null, bulletinReaders, null),
                        new Case("an unknown number", () -> publisherApi("/bulletins/999999"), null,
                                row(401, 401, 403, 403, 403, 404, 403, 403, 404), null)));
        table.put("GET /api/v1/bulletins/{id}/pdf",
                List.of(new Case("a bulletin", () -> bulletinApi("approve", "pdf"), null, bulletinReaders, null)));
        table.put("GET /api/v1/bulletins/{id}/xlsx",
                List.of(new Case("a bulletin", () -> bulletinApi("approve", "xlsx"), null, bulletinReaders, null)));
        table.put("POST /api/v1/bulletins/{id}/approve", List
            .of(new Case("a draft", () -> bulletinApi("approve", "approve"), () -> "{}", bulletinReaders, null)));
        table.put("POST /api/v1/bulletins/{id}/publish", List.of(new Case("an approved bulletin",
                () -> bulletinApi("publish", "publish"), () -> "{}", bulletinReaders, null)));
        table.put("POST /api/v1/bulletins/{id}/withdraw", List.of(new Case("a draft",
                () -> bulletinApi("withdraw", "withdraw"), () -> "{\"reason\":\"矩阵\"}", bulletinReaders, null)));
        table.put("GET /api/v1/slips", List.of(new Case("the slips", () -> publisherApi("/slips"), null,
                row(401, 401, 200, 200, 200, 200, 200, 200, 200), null)));
        return table;
    }

    record Case(String target, Supplier<String> url, Supplier<String> body, Map<Principal, Integer> expected,
            Map<Principal, Integer> itemExpected) {
    }

    @Test
    void everyEndpointHasARow() {
        TreeSet<String> served = new TreeSet<>();
        served.addAll(apiEndpoints(publisher));
        served.addAll(apiEndpoints(aggregator));
        assertThat(served).as("every /api endpoint of both services, as their handler mappings list them")
            .isEqualTo(new TreeSet<>(table().keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointByEveryPrincipal() {
        List<DynamicTest> tests = new ArrayList<>();
        table().forEach((endpoint, cases) -> {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            for (Case c : cases) {
                for (Principal principal : Principal.values()) {
                    int expected = c.expected().get(principal);
                    Integer item = c.itemExpected() == null ? null : c.itemExpected().get(principal);
                    tests.add(DynamicTest.dynamicTest(endpoint + " on " + c.target() + " as " + principal + " → "
                            + expected + (item != null && item != 0 ? " (item " + item + ")" : ""), () -> {
                                HttpResponse<String> response = call(token(principal), method, c.url().get(),
                                        c.body() == null ? null : c.body().get());
                                assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
                                if (expected >= 400) {
                                    assertThat(response.headers().firstValue("Content-Type").orElse(""))
                                        .startsWith("application/problem+json");
                                    assertThat(response.body()).doesNotContain("Exception", "\tat ");
                                }
                                if (item != null && item != 0) {
                                    assertThat(
                                            JSON.readTree(response.body()).get("results").get(0).get("status").asInt())
                                        .isEqualTo(item);
                                }
                            }));
                }
            }
        });
        return tests.stream();
    }

    /**
     * The supervisors' desk, signed in by cookie as in a browser: every page × every
     * principal. Signed out (or with a bad token) a page sends the browser to sign in
     * (302); a department's cookie gets 403 on every desk page, whatever it owns. The
     * public page answers everyone alike. Form posts carry the CSRF token a page gave, as
     * a browser's do.
     */
    static Map<String, List<Case>> pages() {
        // A district's supervisor sees its own plans' initiatives on every overview page
        // (another district's sees an empty one), and no city-wide bulletin.
        Map<Principal, Integer> desk = row(302, 302, 403, 403, 403, 200, 200, 200, 200);
        Map<Principal, Integer> deskInitiative = row(302, 302, 403, 403, 403, 200, 200, 403, 200);
        Map<Principal, Integer> deskBulletins = row(302, 302, 403, 403, 403, 200, 200, 403, 200);
        Map<String, List<Case>> table = new TreeMap<>();
        table.put("GET /ui/desk", List.of(new Case("the overview", () -> page("/ui/desk"), null, desk, null)));
        table.put("GET /ui/desk/", List.of(new Case("the overview", () -> page("/ui/desk/?q=x"), null, desk, null)));
        table.put("GET /ui/desk/attention",
                List.of(new Case("needs attention", () -> page("/ui/desk/attention"), null, desk, null)));
        table.put("GET /ui/desk/departments",
                List.of(new Case("departments", () -> page("/ui/desk/departments"), null, desk, null)));
        table.put("GET /ui/desk/initiatives/{id}",
                List.of(new Case("an initiative", () -> page("/ui/desk/initiatives/" + OWN), null, deskInitiative,
                        null),
                        new Case("an unknown id", () -> page("/ui/desk/initiatives/" + UNKNOWN), null,
                                row(302, 302, 403, 403, 403, 404, 403, 403, 404), null)));
        table.put("GET /ui/desk/slips", List.of(new Case("the slips", () -> page("/ui/desk/slips"), null, desk, null)));
        // Form posts: 302 is the redirect back to the page (post/redirect/get) once the
        // step is taken; one eventId per endpoint, so every principal allowed the step
        // gets it (the first takes it).
        Map<Principal, Integer> deskPost = row(302, 302, 403, 403, 403, 302, 302, 403, 302);
        Map<Principal, Integer> deskBulletinPost = row(302, 302, 403, 403, 403, 302, 403, 403, 302);
        table.put("POST /ui/desk/initiatives/{id}/slips",
                List.of(new Case("an initiative", () -> page("/ui/desk/initiatives/" + OWN + "/slips"),
                        () -> "eventId=m-page-issue-" + RUN + "&colour=blue&reason=%E7%9F%A9%E9%98%B5", deskPost,
                        null)));
        table.put("POST /ui/desk/initiatives/{id}/slips/{slipId}/{action}",
                List.of(new Case("an answered slip",
                        () -> page("/ui/desk/initiatives/" + OWN + "/slips/m-page-close/close"),
                        () -> "eventId=m-page-close-" + RUN, deskPost, null)));
        table.put("GET /ui/desk/bulletins", List.of(new Case("the bulletins (each sees its own plans')",
                () -> page("/ui/desk/bulletins"), null, desk, null)));
        table.put("POST /ui/desk/bulletins",
                List.of(new Case("a new draft of the plan", () -> page("/ui/desk/bulletins"), () -> "plan=" + PLAN,
                        deskPost, null),
                        new Case("a new draft of plan-less initiatives", () -> page("/ui/desk/bulletins"), () -> "",
                                deskBulletinPost, null)));
        table.put("GET /ui/desk/bulletins/{id}",
                List.of(new Case("a bulletin", () -> page("/ui/desk/bulletins/" + BULLETINS.get("page-approve")), null,
                        deskBulletins, null),
                        new Case("an unknown number", () -> page("/ui/desk/bulletins/999999"), null,
                                row(302, 302, 403, 403, 403, 404, 403, 403, 404), null)));
        table.put("GET /ui/desk/bulletins/{id}/pdf",
                List.of(new Case("a bulletin",
                        () -> page("/ui/desk/bulletins/" + BULLETINS.get("page-approve") + "/pdf"), null, deskBulletins,
                        null)));
        table.put("GET /ui/desk/bulletins/{id}/xlsx",
                List.of(new Case("a bulletin",
                        () -> page("/ui/desk/bulletins/" + BULLETINS.get("page-approve") + "/xlsx"), null,
                        deskBulletins, null)));
        table.put("POST /ui/desk/bulletins/{id}/approve",
                List.of(new Case("a draft",
                        () -> page("/ui/desk/bulletins/" + BULLETINS.get("page-approve") + "/approve"), () -> "",
                        deskPost, null)));
        table.put("POST /ui/desk/bulletins/{id}/publish",
                List.of(new Case("an approved bulletin",
                        () -> page("/ui/desk/bulletins/" + BULLETINS.get("page-publish") + "/publish"), () -> "",
                        deskPost, null)));
        table.put("POST /ui/desk/bulletins/{id}/withdraw",
                List.of(new Case("a draft",
                        () -> page("/ui/desk/bulletins/" + BULLETINS.get("page-withdraw") + "/withdraw"),
                        () -> "reason=x", deskPost, null)));
        // The public page needs no token and reads none: every caller gets the same.
        Map<Principal, Integer> everyone = row(200, 200, 200, 200, 200, 200, 200, 200, 200);
        table.put("GET /public", List.of(new Case("the public page", () -> page("/public"), null, everyone, null)));
        table.put("GET /public/",
                List.of(new Case("the public page", () -> page("/public/?q=x"), null, everyone, null)));
        table.put("GET /public/**", List.of(new Case("anything else", () -> page("/public/initiatives/" + OWN), null,
                row(404, 404, 404, 404, 404, 404, 404, 404, 404), null)));
        Map<Principal, Integer> ownerPost = row(302, 302, 403, 302, 403, 403, 403, 403, 403);
        table.put("POST /ui/initiatives/{id}/slips/{slipId}/sign",
                List.of(new Case("an issued slip", () -> page("/ui/initiatives/" + OWN + "/slips/m-page-sign/sign"),
                        () -> "eventId=m-page-sign-" + RUN, ownerPost, null)));
        table.put("POST /ui/initiatives/{id}/slips/{slipId}/answer", List.of(new Case("a signed slip",
                () -> page("/ui/initiatives/" + OWN + "/slips/m-page-answer/answer"),
                () -> "eventId=m-page-answer-" + RUN + "&cause=x&remedy=y&promisedDate=" + LocalDate.now().plusDays(30),
                ownerPost, null)));
        return table;
    }

    @Test
    void everyDeskPageHasARow() {
        TreeSet<String> served = new TreeSet<>();
        RequestMappingHandlerMapping mapping = publisher.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        mapping.getHandlerMethods()
            .keySet()
            .forEach(info -> info.getPatternValues()
                .stream()
                .filter(p -> p.startsWith("/ui/desk") || p.startsWith("/ui/initiatives/{id}/slips")
                        || p.startsWith("/public"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + p))));
        assertThat(served).isEqualTo(new TreeSet<>(pages().keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyDeskPageByEveryPrincipal() {
        List<DynamicTest> tests = new ArrayList<>();
        pages().forEach((endpoint, cases) -> {
            for (Case c : cases) {
                for (Principal principal : Principal.values()) {
                    int expected = c.expected().get(principal);
                    boolean post = endpoint.startsWith("POST ");
                    tests.add(DynamicTest
                        .dynamicTest(endpoint + " on " + c.target() + " as " + principal + " → " + expected, () -> {
                            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(c.url().get()))
                                .timeout(Duration.ofSeconds(30));
                            String cookie = token(principal) == null ? null : "pw_token=" + token(principal);
                            if (post) {
                                // As a browser posts a form of ours: with the CSRF token
                                // the page gave.
                                Csrf csrf = csrf(cookie);
                                String body = c.body().get();
                                request.header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString((body.isEmpty() ? "" : body + "&")
                                            + "_csrf=" + URLEncoder.encode(csrf.token(), StandardCharsets.UTF_8)));
                                cookie = cookie == null ? csrf.cookie() : cookie + "; " + csrf.cookie();
                            }
                            else {
                                request.GET();
                            }
                            if (cookie != null) {
                                request.header("Cookie", cookie);
                            }
                            HttpResponse<String> response = HTTP.send(request.build(),
                                    HttpResponse.BodyHandlers.ofString());
                            assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
                            boolean signedIn = principal != Principal.NONE && principal != Principal.BAD_TOKEN;
                            if (expected == 302) {
                                assertThat(response.headers().firstValue("Location").orElse(""))
                                    .as("signed in: back to the page; else: to sign in")
                                    .matches(signedIn
                                            ? ".*/ui/(desk/)?(initiatives/.*|slips.*|bulletins/.*|\\?slip=done.*)"
                                            : ".*/ui/sign-in");
                            }
                            if (expected == 403 && endpoint.contains("/ui/desk")) {
                                // A page that says why, never the initiative: a
                                // district's
                                // supervisor is told it is not its district's.
                                boolean district = principal == Principal.OWN_DISTRICT_SUPERVISOR
                                        || principal == Principal.OTHER_DISTRICT_SUPERVISOR;
                                assertThat(response.body()).contains(district ? "无权" : "仅供督查和管理人员使用")
                                    .doesNotContain("矩阵测试");
                            }
                        }));
                }
            }
        });
        return tests.stream();
    }

    /**
     * A browser's CSRF token for the pages: its cookie, and the masked value the forms
     * carry.
     */
    record Csrf(String cookie, String token) {
    }

    /** What the sign-in page gives a browser presenting {@code cookie} (or none). */
    static Csrf csrf(String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(page("/ui/sign-in"))).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> page = HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String csrfCookie = page.headers()
            .allValues("Set-Cookie")
            .stream()
            .filter(c -> c.startsWith("pw_csrf="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CSRF cookie"))
            .split(";")[0];
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();
        return new Csrf(csrfCookie, token.group(1));
    }

    static String page(String path) {
        return "http://127.0.0.1:" + publisher.getEnvironment().getProperty("local.server.port") + path;
    }

    /** A department's catalog list holds only what it works on. */
    @Test
    void aDepartmentListsOnlyWhatItWorksOn() throws Exception {
        assertThat(call(token(Principal.OWN_DEPARTMENT), "GET", publisherApi("/initiatives"), null).body())
            .contains(OWN);
        assertThat(call(token(Principal.SUPPORTING_DEPARTMENT), "GET", publisherApi("/initiatives"), null).body())
            .contains(OWN);
        assertThat(call(token(Principal.OTHER_DEPARTMENT), "GET", publisherApi("/initiatives"), null).body())
            .doesNotContain(OWN);
    }

    static List<String> apiEndpoints(ConfigurableApplicationContext context) {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<String> endpoints = new ArrayList<>();
        mapping.getHandlerMethods()
            .keySet()
            .forEach(info -> info.getPatternValues()
                .stream()
                .filter(p -> p.startsWith("/api/"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> endpoints.add(m.name() + " " + p))));
        return endpoints;
    }

    static String token(Principal principal) {
        return switch (principal) {
            case NONE -> null;
            default -> tokens.get(principal);
        };
    }

    /** A token that exists to be revoked by the DELETE cells. */
    static String victim() {
        try {
            HttpResponse<String> response = call(ADMIN, "POST", publisherApi("/tokens"),
                    "{\"role\":\"supervisor\",\"label\":\"victim\"}");
            return JSON.readTree(response.body()).get("id").asString();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String issue(String role, String department) throws Exception {
        String body = department == null ? "{\"role\":\"%s\",\"label\":\"matrix\"}".formatted(role)
                : "{\"role\":\"%s\",\"department\":\"%s\",\"label\":\"matrix\"}".formatted(role, department);
        HttpResponse<String> response = call(ADMIN, "POST", publisherApi("/tokens"), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode issued = JSON.readTree(response.body());
        return issued.get("token").asString();
    }

    /** A district's supervisor: the plans of {@code owner} only. */
    static String supervisorOf(String owner) throws Exception {
        HttpResponse<String> response = call(ADMIN, "POST", publisherApi("/tokens"),
                "{\"role\":\"supervisor\",\"owner\":\"" + owner + "\",\"label\":\"matrix\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asString();
    }

    static String plan() {
        return "{\"name\":\"矩阵计划\",\"owner\":\"matrix\",\"ownerName\":\"矩阵区\",\"ownerKind\":\"district\","
                + "\"periodStart\":\"2019-01-01\",\"periodEnd\":\"2019-12-31\",\"state\":\"active\"}";
    }

    static String definition() {
        int year = LocalDate.now().getYear();
        return """
                {"name":"矩阵测试","program":"matrix","department":"matrix-owner","supportingDepartments":["matrix-helper"],
                 "startDate":"%d-01-01","dueDate":"%d-12-31","measure":"percent","plan":"%s"}""".formatted(year, year,
                PLAN);
    }

    static String event() {
        return "{\"percentComplete\":40,\"reportedBy\":\"矩阵\"}";
    }

    static String batch(String initiativeId) {
        return "{\"events\":[{\"initiativeId\":\"" + initiativeId
                + "\",\"percentComplete\":41,\"reportedBy\":\"矩阵\"}]}";
    }

    static String publisherApi(String path) {
        return "http://127.0.0.1:" + publisher.getEnvironment().getProperty("local.server.port") + "/api/v1" + path;
    }

    static String aggregatorApi(String path) {
        return "http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.server.port") + "/api/v1" + path;
    }

    static HttpResponse<String> call(String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

}
