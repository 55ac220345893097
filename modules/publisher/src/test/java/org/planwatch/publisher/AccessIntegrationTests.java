package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.planwatch.access.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;

import tools.jackson.databind.JsonNode;

/**
 * Authentication and the token API: 401 for anything but a token we honour, tokens
 * honoured as soon as issued and refused once revoked, never shown again after issue,
 * issued by admins only.
 */
class AccessIntegrationTests extends AccessTestBase {

    @Autowired
    ApplicationContext context;

    @Test
    void everyApiCallWithoutATokenWeHonourIsUnauthenticatedWithAChallenge() throws Exception {
        List<String> refused = new ArrayList<>();
        refused.add(null);
        refused.add("Basic YWRtaW46YWRtaW4=");
        refused.add("Bearer");
        refused.add("Bearer not-a-token");
        refused.add("Bearer " + Tokens.generate().token()); // well-formed, never issued
        refused.add("Bearer " + TestAccess.ADMIN_TOKEN + "x");
        refused.add("Bearer " + "a".repeat(600));
        refused.add(TestAccess.ADMIN_TOKEN); // no scheme
        for (String authorization : refused) {
            for (String[] call : List.of(new String[] { "GET", "/api/v1/initiatives" },
                    new String[] { "POST", "/api/v1/initiatives/anything/events" },
                    new String[] { "GET", "/api/v1/tokens" }, new String[] { "POST", "/api/v1/events" },
                    new String[] { "GET", "/api/v1/no/such/path" })) {
                HttpResponse<String> response = send(call[0], call[1], authorization);
                String what = call[0] + " " + call[1] + " with " + (authorization == null ? "no header"
                        : authorization.substring(0, Math.min(12, authorization.length())) + "...");
                assertThat(response.statusCode()).as(what).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type").orElse("")).as(what)
                    .startsWith("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(what)
                    .startsWith("Bearer realm=\"planwatch\"");
                assertThat(response.body()).as(what).contains("\"status\":401").doesNotContain(TestAccess.ADMIN_TOKEN);
            }
        }
        assertThat(send("GET", "/api/v1/initiatives", "Bearer " + Tokens.generate().token()).headers()
            .firstValue("WWW-Authenticate")).as("a token was sent, but is not one we honour")
            .hasValue("Bearer realm=\"planwatch\", error=\"invalid_token\"");
        assertThat(send("GET", "/api/v1/initiatives", "bearer " + TestAccess.ADMIN_TOKEN).statusCode())
            .as("the scheme is case-insensitive")
            .isEqualTo(200);

        Http management = new Http("http://127.0.0.1:" + managementPort);
        assertThat(management.get("/actuator/health").status()).as("no token on the management port").isEqualTo(200);
        assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);
    }

    /**
     * Spring MVC's form-content filter reads PUT and DELETE form bodies: the token check
     * comes first.
     */
    @Test
    void theTokenIsCheckedBeforeAnyFilterReadsTheBody() {
        int security = context.getBean("securityFilterChainRegistration", Ordered.class).getOrder();
        int formContent = context.getBean("formContentFilter", Ordered.class).getOrder();
        assertThat(security).isLessThan(formContent);
    }

    /**
     * Spring MVC maps these to the API's handlers, so they are checked like any API path.
     */
    @Test
    void apiPathsSpelledOtherwiseAreCheckedAlike() throws Exception {
        for (String path : List.of("/%61pi/v1/tokens", "/api;x=1/v1/tokens", "/api/v1;x=1/tokens")) {
            HttpResponse<String> stranger = send("GET", path, null);
            assertThat(stranger.statusCode()).as(path).isEqualTo(401);
            assertThat(stranger.headers().firstValue("WWW-Authenticate")).as(path).isPresent();
            assertThat(send("GET", path, "Bearer " + TestAccess.ADMIN_TOKEN).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void aTokenIsHonouredAsSoonAsIssuedAndRefusedOnceRevoked() {
        TestAccess.Issued issued = TestAccess.issue(admin, "supervisor", null, "督查室 王主任");
        Http supervisor = admin.withToken(issued.token());
        assertThat(supervisor.get("/api/v1/initiatives").status()).as("at once, on the instance that issued it")
            .isEqualTo(200);

        assertThat(admin.delete("/api/v1/tokens/" + issued.id()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Http.Response refused = supervisor.get("/api/v1/initiatives");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"planwatch\", error=\"invalid_token\"");
        });
        assertThat(admin.get("/api/v1/tokens").json().findValuesAsString("id")).doesNotContain(issued.id());
        Http.Response again = admin.delete("/api/v1/tokens/" + issued.id());
        assertThat(again.status()).as("revoked already").isEqualTo(404);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(admin.delete("/api/v1/tokens/0123456789abcdef").status()).isEqualTo(404);
    }

    @Test
    void aSupervisorTokenMayBeScopedToOneDistrictAndNoOtherRoleMay() {
        Http.Response district = admin.post("/api/v1/tokens",
                "{\"role\":\"supervisor\",\"owner\":\"hexi\",\"label\":\"河西区督查室\"}");
        assertThat(district.status()).as(district.body()).isEqualTo(201);
        assertThat(district.json().get("owner").asString()).isEqualTo("hexi");
        for (String refused : new String[] {
                "{\"role\":\"department\",\"department\":\"finance\",\"owner\":\"hexi\",\"label\":\"x\"}",
                "{\"role\":\"admin\",\"owner\":\"hexi\",\"label\":\"x\"}",
                "{\"role\":\"supervisor\",\"owner\":\"Hexi District\",\"label\":\"x\"}" }) {
            Http.Response response = admin.post("/api/v1/tokens", refused);
            assertThat(response.status()).as(refused).isEqualTo(400);
            assertThat(response.json().findValuesAsString("field")).containsOnly("owner");
        }
    }

    @Test
    void theTokenIsShownOnceWhenIssuedAndNeverListed() {
        Http.Response response = admin.post("/api/v1/tokens",
                "{\"role\":\"department\",\"department\":\"finance\",\"label\":\"财政局 李科长\"}");
        assertThat(response.status()).isEqualTo(201);
        JsonNode issued = response.json();
        String id = issued.get("id").asString();
        String token = issued.get("token").asString();
        assertThat(token).startsWith("pw_" + id + "_");
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/tokens/" + id);
        assertThat(issued.get("role").asString()).isEqualTo("department");
        assertThat(issued.get("department").asString()).isEqualTo("finance");
        assertThat(issued.get("label").asString()).isEqualTo("财政局 李科长");
        assertThat(issued.get("issuedBy").asString()).isEqualTo("bootstrap-admin");
        assertThat(issued.get("issuedAt").asString()).isNotBlank();

        Http.Response list = admin.get("/api/v1/tokens");
        assertThat(list.status()).isEqualTo(200);
        // The secret is all that follows "pw_<id>_": it is base64url, so it may hold '_'
        // itself.
        String secret = token.substring(("pw_" + id + "_").length());
        assertThat(list.body()).doesNotContain(token, Tokens.hash(token), secret)
            .doesNotContain("tokenHash", "\"token\"");
        JsonNode listed = null;
        for (JsonNode entry : list.json()) {
            if (entry.get("id").asString().equals(id)) {
                listed = entry;
            }
        }
        assertThat(listed).as("the new token is listed").isNotNull();
        assertThat(listed.propertyNames()).containsExactlyInAnyOrder("id", "role", "department", "label", "issuedAt",
                "issuedBy", "owner");
        assertThat(listed.get("department").asString()).isEqualTo("finance");
        assertThat(list.json().findValuesAsString("id")).as("the bootstrap admin is configuration, not a record")
            .doesNotContain("bootstrap-admin");
    }

    @Test
    void aTokenRequestIsValidatedNamingTheField() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"label\":\"x\"}", "role");
        cases.put("{\"role\":\"root\",\"label\":\"x\"}", "role");
        cases.put("{\"role\":\"ADMIN\",\"label\":\"x\"}", "role");
        cases.put("{\"role\":\"department\",\"label\":\"x\"}", "department");
        cases.put("{\"role\":\"department\",\"department\":\"Finance Bureau\",\"label\":\"x\"}", "department");
        cases.put("{\"role\":\"department\",\"department\":\"" + "f".repeat(49) + "\",\"label\":\"x\"}", "department");
        cases.put("{\"role\":\"supervisor\",\"department\":\"finance\",\"label\":\"x\"}", "department");
        cases.put("{\"role\":\"supervisor\"}", "label");
        cases.put("{\"role\":\"supervisor\",\"label\":\"   \"}", "label");
        cases.put("{\"role\":\"supervisor\",\"label\":\"" + "长".repeat(201) + "\"}", "label");
        cases.put("{\"role\":\"supervisor\",\"label\":\"a\\u0000b\"}", "label");
        cases.put("{\"role\":\"supervisor\",\"label\":\"x\",\"tokenHash\":\"00\"}", "tokenHash");
        for (var c : cases.entrySet()) {
            Http.Response response = admin.post("/api/v1/tokens", c.getKey());
            assertThat(response.status()).as(c.getKey()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().findValuesAsString("field")).as(c.getKey()).contains(c.getValue());
        }
        Http.Response broken = admin.post("/api/v1/tokens", "{\"role\":\"supervisor\",\"label\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.contentType()).startsWith("application/problem+json");
        assertThat(admin.post("/api/v1/tokens", "{}").json().findValuesAsString("field")).as("every field at once")
            .contains("role", "label");
    }

}
