package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * What each role may do once authenticated: departments report on, and read, what they
 * own or support; supervisors read everything; admins edit the catalog and manage tokens.
 */
class RoleIntegrationTests extends AccessTestBase {

    @Test
    void aDepartmentReportsOnAndReadsWhatItOwnsOrSupportsOnly() {
        String id = initiative("commerce", "finance");
        Http commerce = TestAccess.department(admin, "commerce");
        Http finance = TestAccess.department(admin, "finance");
        Http water = TestAccess.department(admin, "water");

        assertThat(commerce.post("/api/v1/initiatives/" + id + "/events", EVENT).status()).as("owner").isEqualTo(202);
        assertThat(finance.post("/api/v1/initiatives/" + id + "/events", EVENT).status()).as("supporter")
            .isEqualTo(202);
        Http.Response refused = water.post("/api/v1/initiatives/" + id + "/events", EVENT);
        assertForbidden(refused);
        assertThat(refused.json().get("field").asString()).as("names what was refused, as in a batch")
            .isEqualTo("initiativeId");

        assertThat(finance.get("/api/v1/initiatives/" + id).status()).isEqualTo(200);
        assertForbidden(water.get("/api/v1/initiatives/" + id));
        assertThat(finance.get("/api/v1/initiatives").json().findValuesAsString("id")).contains(id);
        assertThat(commerce.get("/api/v1/initiatives").json().findValuesAsString("id")).contains(id);
        JsonNode waterList = water.get("/api/v1/initiatives").json();
        assertThat(waterList.findValuesAsString("id")).doesNotContain(id);
        for (JsonNode entry : waterList) {
            List<String> supporting = new ArrayList<>();
            if (entry.has("supportingDepartments")) {
                entry.get("supportingDepartments").forEach(d -> supporting.add(d.asString()));
            }
            assertThat(entry.get("department").asString().equals("water") || supporting.contains("water"))
                .as("water lists only what it owns or supports: " + entry)
                .isTrue();
        }
    }

    @Test
    void onlyDepartmentsReport() {
        String id = initiative("commerce");
        Http supervisor = TestAccess.supervisor(admin);
        for (Http caller : List.of(admin, supervisor)) {
            assertForbidden(caller.post("/api/v1/initiatives/" + id + "/events", EVENT));
            assertForbidden(caller.post("/api/v1/events",
                    "{\"events\":[{\"initiativeId\":\"" + id + "\",\"percentComplete\":5,\"reportedBy\":\"x\"}]}"));
        }
        assertThat(supervisor.get("/api/v1/initiatives/" + id).status()).as("but supervisors read").isEqualTo(200);
    }

    @Test
    void aBatchAnswersOwnOtherAndUnknownItemsOneByOneAndCountsThemApart() {
        String own = initiative("finance");
        String others = initiative("commerce");
        String unknown = PublisherContract.uniqueId("nowhere");
        Http finance = TestAccess.department(admin, "finance");
        Map<String, Double> before = reportCounts();

        Http.Response response = finance.post("/api/v1/events", """
                {"events":[
                  {"initiativeId":"%s","percentComplete":20,"reportedBy":"a"},
                  {"initiativeId":"%s","percentComplete":20,"reportedBy":"a"},
                  {"initiativeId":"%s","percentComplete":20,"reportedBy":"a"}
                ]}
                """.formatted(own, others, unknown));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(2);
        List<Integer> statuses = new ArrayList<>();
        body.get("results").forEach(r -> statuses.add(r.get("status").asInt()));
        assertThat(statuses).containsExactly(202, 403, 403);
        JsonNode other = body.get("results").get(1).get("problem");
        JsonNode none = body.get("results").get(2).get("problem");
        assertThat(other.get("type").asString()).isEqualTo("/problems/forbidden")
            .isEqualTo(none.get("type").asString());
        assertThat(other.get("field").asString()).isEqualTo("initiativeId");
        assertThat(other.get("detail").asString().replace(others, unknown)).as("one answer for both")
            .isEqualTo(none.get("detail").asString());

        Map<String, Double> after = reportCounts();
        assertThat(after.get("accepted") - before.get("accepted")).isEqualTo(1.0);
        assertThat(after.get("forbidden") - before.get("forbidden")).as("another department's").isEqualTo(1.0);
        assertThat(after.get("unknown_initiative") - before.get("unknown_initiative")).as("not in the catalog")
            .isEqualTo(1.0);
    }

    /** {@code progress_reports_total} by outcome, from the management port. */
    Map<String, Double> reportCounts() {
        Map<String, Double> counts = new HashMap<>();
        new Http("http://127.0.0.1:" + managementPort).get("/actuator/prometheus")
            .body()
            .lines()
            .filter(l -> l.startsWith("progress_reports_total{"))
            .forEach(l -> {
                var m = Pattern.compile("outcome=\"([a-z_]+)\"").matcher(l);
                if (m.find()) {
                    counts.put(m.group(1), Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
                }
            });
        assertThat(counts.keySet()).as("every outcome exported from the start")
            .containsAll(Set.of("accepted", "invalid", "unknown_initiative", "unavailable", "forbidden"));
        return counts;
    }

    @Test
    void theCatalogRecordsWhichAdminTokenChangedIt() {
        String id = initiative("commerce");
        assertThat(admin.get("/api/v1/initiatives/" + id).json().get("updatedBy").asString())
            .isEqualTo("token:bootstrap-admin");

        TestAccess.Issued second = TestAccess.issue(admin, "admin", null, "second admin");
        Http secondAdmin = admin.withToken(second.token());
        Http.Response replaced = secondAdmin.put("/api/v1/initiatives/" + id,
                PublisherContract.initiativeJson("economy", "commerce"));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("updatedBy").asString()).isEqualTo("token:" + second.id());
        assertThat(admin.get("/api/v1/initiatives/" + id).json().get("updatedBy").asString())
            .isEqualTo("token:" + second.id());

        TestAccess.Issued third = TestAccess.issue(secondAdmin, "supervisor", null, "issued by the second admin");
        JsonNode listed = null;
        for (JsonNode entry : admin.get("/api/v1/tokens").json()) {
            if (entry.get("id").asString().equals(third.id())) {
                listed = entry;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("issuedBy").asString()).isEqualTo(second.id());
    }

    @Test
    void onlyAdminsManageTokensAndTheCatalog() {
        String id = initiative("finance");
        TestAccess.Issued victim = TestAccess.issue(admin, "supervisor", null, "must survive");
        for (Http caller : List.of(TestAccess.department(admin, "finance"), TestAccess.supervisor(admin))) {
            assertForbidden(caller.post("/api/v1/tokens", "{\"role\":\"admin\",\"label\":\"me\"}"));
            assertForbidden(caller.get("/api/v1/tokens"));
            assertForbidden(caller.delete("/api/v1/tokens/" + victim.id()));
            assertForbidden(caller.delete("/api/v1/tokens/0123456789abcdef"));
            assertForbidden(
                    caller.put("/api/v1/initiatives/" + id, PublisherContract.initiativeJson("economy", "finance")));
            assertForbidden(caller.put("/api/v1/initiatives/" + PublisherContract.uniqueId("new"),
                    PublisherContract.initiativeJson("economy", "finance")));
        }
        assertThat(admin.withToken(victim.token()).get("/api/v1/initiatives").status()).as("not revoked")
            .isEqualTo(200);
        assertThat(admin.get("/api/v1/initiatives/" + id).json().get("updatedBy").asString())
            .isEqualTo("token:bootstrap-admin");
    }

}
