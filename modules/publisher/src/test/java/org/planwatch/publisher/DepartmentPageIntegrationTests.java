package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The department page's door, over plain HTTP against a publisher on a real broker: who may sign
 * in, what the cookie is, cross-site posts, revocation, headers, and form posts checked and sent
 * like API reports. The page as a clerk uses it is tested in a real browser in the demo module
 * ({@code DepartmentPageBrowserTests}).
 */
class DepartmentPageIntegrationTests extends AccessTestBase {

    @Test
    void aTokenSignsInToItsOwnPagesAndTheCookieIsHttpOnlyAndStrict() throws Exception {
        TestAccess.Issued commerce = TestAccess.issue(admin, "department", "commerce", "page");
        TestAccess.Issued supervisor = TestAccess.issue(admin, "supervisor", null, "page");

        HttpResponse<String> signedIn = post("/ui/sign-in", null, null, Map.of("token", commerce.token()));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("pw_token=" + commerce.token() + ";").contains("HttpOnly", "SameSite=Strict",
                "Path=/ui");

        // Supervisors and admins sign in the same way, and land on the desk.
        for (String token : java.util.List.of(supervisor.token(), TestAccess.ADMIN_TOKEN)) {
            HttpResponse<String> desk = post("/ui/sign-in", null, null, Map.of("token", token));
            assertThat(desk.statusCode()).isEqualTo(302);
            assertThat(desk.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/desk/"));
            assertThat(desk.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("pw_token=" + token + ";")
                    .contains("HttpOnly", "SameSite=Strict");
        }

        HttpResponse<String> bad = post("/ui/sign-in", null, null, Map.of("token", "pw_0123456789abcdef_nope"));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("令牌无效");
        assertThat(get("/ui/", null).statusCode()).as("no cookie").isEqualTo(302);
    }

    @Test
    void everyPageCarriesHeadersThatKeepItFromBeingFramedCachedOrScripted() throws Exception {
        HttpResponse<String> page = get("/ui/sign-in", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("<h1>登录</h1>").doesNotContain("<script");
    }

    @Test
    void aCrossSitePostIsRefusedEvenWithTheCookie() throws Exception {
        String id = initiative("commerce");
        String cookie = signIn("commerce");
        HttpResponse<String> forged = post("/ui/initiatives/" + id + "/reports", cookie, "http://evil.example",
                Map.of("eventId", "web-forged-" + id, "percentComplete", "99", "reportedBy", "x"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("来自其他网站的提交已被拒绝");

        HttpResponse<String> own = post("/ui/initiatives/" + id + "/reports", cookie, "http://127.0.0.1:" + port,
                Map.of("eventId", "web-own-" + id, "percentComplete", "10", "reportedBy", "x"));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(302);
    }

    @Test
    void aFormIsCheckedInChineseAndTheSameFormSentTwiceKeepsItsEventId() throws Exception {
        String id = initiative("commerce");
        String cookie = signIn("commerce");
        HttpResponse<String> bad = post("/ui/initiatives/" + id + "/reports", cookie, null,
                Map.of("eventId", "web-twice-" + id, "percentComplete", "abc", "note", "x".repeat(10)));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("完成百分比必须是数字", "请填写填报人")
                .as("what was typed stays in the form").contains("value=\"abc\"", "value=\"web-twice-" + id + "\"");

        Map<String, String> form = Map.of("eventId", "web-twice-" + id, "percentComplete", "30", "reportedBy", "王科长");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> sent = post("/ui/initiatives/" + id + "/reports", cookie, null, form);
            assertThat(sent.statusCode()).isEqualTo(302);
            assertThat(sent.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/ui/initiatives/" + id + "?sent=web-twice-" + id));
        }
        HttpResponse<String> page = get("/ui/initiatives/" + id + "?sent=web-twice-" + id, cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("已提交").as("no aggregator here: the page still works")
                .contains("状态暂不可用");
        assertThat(page.body()).containsPattern("name=\"eventId\" value=\"web-[0-9a-f-]{36}\"")
                .as("a new form gets a new eventId").doesNotContain("value=\"web-twice-");
    }

    @Test
    void anotherDepartmentsOrAnUnknownInitiativeGetsOneAnswer() throws Exception {
        String water = initiative("water");
        String cookie = signIn("commerce");
        for (String path : new String[] {"/ui/initiatives/" + water, "/ui/initiatives/no-such-initiative"}) {
            HttpResponse<String> page = get(path, cookie);
            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(page.body()).contains("不是本部门负责或配合的事项");
        }
        HttpResponse<String> post = post("/ui/initiatives/" + water + "/reports", cookie, null,
                Map.of("percentComplete", "10", "reportedBy", "x"));
        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(get("/ui/", cookie).body()).doesNotContain(water);
    }

    @Test
    void aRevokedTokenSignsTheBrowserOutOnTheNextRequest() throws Exception {
        TestAccess.Issued issued = TestAccess.issue(admin, "department", "commerce", "page");
        String cookie = cookie(post("/ui/sign-in", null, null, Map.of("token", issued.token())));
        assertThat(get("/ui/", cookie).statusCode()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/tokens/" + issued.id()).status()).isEqualTo(204);
        HttpResponse<String> after = get("/ui/", cookie);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in"));
    }

    @Test
    void anUploadWithoutAFileOrWithAnUnreadableOneIsExplainedNotFailed() throws Exception {
        String cookie = signIn("commerce");
        String boundary = "----planwatch";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"进度.xlsx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nnot a workbook\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url("/ui/upload")))
                .header("Cookie", cookie).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("id=\"problems\"", "未提交任何数据");

        HttpResponse<String> none = CLIENT.send(HttpRequest.newBuilder(URI.create(url("/ui/upload")))
                .header("Cookie", cookie).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("请选择要上传的");
    }

    private String signIn(String department) throws Exception {
        TestAccess.Issued issued = TestAccess.issue(admin, "department", department, "page");
        return cookie(post("/ui/sign-in", null, null, Map.of("token", issued.token())));
    }

    private static String cookie(HttpResponse<String> signIn) {
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(302);
        return signIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String cookie, String origin, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
