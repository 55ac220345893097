package org.planwatch.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The department page's door, over plain HTTP against a publisher on a real broker: who
 * may sign in, what the cookies are, CSRF tokens (also behind a proxy that rewrites
 * Host), revocation, headers, and form posts checked and sent like API reports. Form
 * posts carry the CSRF token a page of ours gave, as a browser's do, unless a test says
 * otherwise. The page as a clerk uses it is tested in a real browser in the demo module
 * ({@code DepartmentPageBrowserTests}).
 */
class DepartmentPageIntegrationTests extends AccessTestBase {

    /** Where browsers reach the pages when a reverse proxy stands in front. */
    static final String PUBLIC_ORIGIN = "https://planwatch.example.org";

    @Test
    void aTokenSignsInToItsOwnPagesAndTheCookieIsHttpOnlyAndStrict() throws Exception {
        TestAccess.Issued commerce = TestAccess.issue(admin, "department", "commerce", "page");
        TestAccess.Issued supervisor = TestAccess.issue(admin, "supervisor", null, "page");

        HttpResponse<String> signedIn = post("/ui/sign-in", null, null, Map.of("token", commerce.token()));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("pw_token=" + commerce.token() + ";")
            .contains("HttpOnly", "SameSite=Strict", "Path=/ui");

        // Supervisors and admins sign in the same way, and land on the desk.
        for (String token : List.of(supervisor.token(), TestAccess.ADMIN_TOKEN)) {
            HttpResponse<String> desk = post("/ui/sign-in", null, null, Map.of("token", token));
            assertThat(desk.statusCode()).isEqualTo(302);
            assertThat(desk.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/desk/"));
            assertThat(desk.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("pw_token=" + token + ";")
                .contains("HttpOnly", "SameSite=Strict");
        }

        HttpResponse<String> bad = post("/ui/sign-in", null, null, Map.of("token", "pw_0123456789abcdef_nope"));
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("令牌无效");
        assertThat(get("/ui/", null).statusCode()).as("no cookie").isEqualTo(302);

        HttpResponse<String> forged = postWithoutToken("/ui/sign-in", null, "http://evil.example",
                Map.of("token", commerce.token()));
        assertThat(forged.statusCode()).as("another site cannot sign a browser in as itself").isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("pw_token="));
    }

    @Test
    void everyPageCarriesHeadersThatKeepItFromBeingFramedCachedOrScripted() throws Exception {
        HttpResponse<String> page = get("/ui/sign-in", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'", "form-action 'self'"));
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
        assertThat(page.body()).contains("<h1>登录</h1>").doesNotContain("<script");
        assertThat(page.headers().allValues("Set-Cookie")).as("a CSRF cookie, and no session")
            .singleElement()
            .satisfies(c -> assertThat(c).startsWith("pw_csrf=").contains("HttpOnly", "SameSite=Strict", "Path=/ui"));
        assertThat(get("/ui/app.css", null).headers().firstValue("Cache-Control")).as("the style sheet may be cached")
            .isEmpty();
    }

    /**
     * Even were the browser to send both cookies: another site cannot read the token the
     * form needs.
     */
    @Test
    void aCrossSitePostIsRefusedEvenWithTheCookie() throws Exception {
        String id = initiative("commerce");
        String cookie = signIn("commerce");
        HttpResponse<String> forged = postWithoutToken("/ui/initiatives/" + id + "/reports", cookie,
                "http://evil.example",
                Map.of("eventId", "web-forged-" + id, "percentComplete", "99", "reportedBy", "x"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("来自其他网站的提交已被拒绝");

        HttpResponse<String> own = post("/ui/initiatives/" + id + "/reports", cookie, "http://127.0.0.1:" + port,
                Map.of("eventId", "web-own-" + id, "percentComplete", "10", "reportedBy", "x"));
        assertThat(own.statusCode()).as(own.body()).isEqualTo(302);
    }

    /**
     * A reverse proxy that passes the request on as {@code Host: internal:8080}, naming
     * the public host in {@code X-Forwarded-Host}: the browser's Origin no longer matches
     * Host, and nothing cares, because the check is the page's CSRF token. Without it, or
     * with another browser's, the same post is refused.
     */
    @Test
    void behindAProxyThatRewritesHostAFormPostIsCheckedByItsCsrfTokenAlone() throws Exception {
        String id = initiative("commerce");
        String signedIn = signIn("commerce");
        String path = "/ui/initiatives/" + id + "/reports";

        Raw page = viaProxy("GET", "/ui/initiatives/" + id, signedIn, null, null);
        assertThat(page.status()).isEqualTo(200);
        Csrf csrf = csrf(page.cookies(), page.body());
        String cookies = signedIn + "; " + csrf.cookie();

        Raw missing = viaProxy("POST", path, cookies, PUBLIC_ORIGIN, form(report(id, "missing")));
        assertThat(missing.status()).as("no token").isEqualTo(403);
        assertThat(missing.body()).contains("来自其他网站的提交已被拒绝");

        Csrf otherBrowsers = csrf(null);
        Map<String, String> wrong = report(id, "wrong");
        wrong.put("_csrf", otherBrowsers.token());
        assertThat(viaProxy("POST", path, cookies, PUBLIC_ORIGIN, form(wrong)).status()).as("another browser's token")
            .isEqualTo(403);

        Map<String, String> right = report(id, "proxied");
        right.put("_csrf", csrf.token());
        Raw sent = viaProxy("POST", path, cookies, PUBLIC_ORIGIN, form(right));
        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        assertThat(sent.header("Location")).as("back to the page, on the public name")
            .isEqualTo("https://planwatch.example.org/ui/initiatives/" + id + "?sent=web-proxied-" + id);
    }

    /**
     * A signed-in browser keeps its CSRF token from page to page: were it replaced on
     * every request, a long page would stream out its forms with a token whose cookie
     * could no longer be set.
     */
    @Test
    void aSignedInBrowserKeepsItsCsrfTokenFromPageToPage() throws Exception {
        String id = initiative("commerce");
        String cookies = signIn("commerce") + "; " + csrf(null).cookie();
        for (String path : new String[] { "/ui/", "/ui/initiatives/" + id, "/ui/upload", "/ui/sign-in" }) {
            HttpResponse<String> page = get(path, cookies);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().allValues("Set-Cookie")).as(path + ": the token is kept, not replaced")
                .noneMatch(c -> c.startsWith("pw_csrf="));
        }
    }

    /**
     * A stranger's post is sent to sign in before its body is read: there is nothing to
     * forge.
     */
    @Test
    void aSignedOutPostIsSentToSignInWithoutAToken() throws Exception {
        String id = initiative("commerce");
        HttpResponse<String> stranger = postWithoutToken("/ui/initiatives/" + id + "/reports", null, null,
                report(id, "x"));
        assertThat(stranger.statusCode()).isEqualTo(302);
        assertThat(stranger.headers().firstValue("Location"))
            .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in"));
    }

    @Test
    void aFormIsCheckedInChineseAndTheSameFormSentTwiceKeepsItsEventId() throws Exception {
        String id = initiative("commerce");
        String cookie = signIn("commerce");
        HttpResponse<String> bad = post("/ui/initiatives/" + id + "/reports", cookie, null,
                Map.of("eventId", "web-twice-" + id, "percentComplete", "abc", "note", "x".repeat(10)));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("完成百分比必须是数字", "请填写填报人")
            .as("what was typed stays in the form")
            .contains("value=\"abc\"", "value=\"web-twice-" + id + "\"");

        Map<String, String> form = Map.of("eventId", "web-twice-" + id, "percentComplete", "30", "reportedBy", "王科长");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> sent = post("/ui/initiatives/" + id + "/reports", cookie, null, form);
            assertThat(sent.statusCode()).isEqualTo(302);
            assertThat(sent.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/initiatives/" + id + "?sent=web-twice-" + id));
        }
        HttpResponse<String> page = get("/ui/initiatives/" + id + "?sent=web-twice-" + id, cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("已提交").as("no aggregator here: the page still works").contains("状态暂不可用");
        assertThat(page.body()).containsPattern("name=\"eventId\" value=\"web-[0-9a-f-]{36}\"")
            .as("a new form gets a new eventId")
            .doesNotContain("value=\"web-twice-");
    }

    @Test
    void anotherDepartmentsOrAnUnknownInitiativeGetsOneAnswer() throws Exception {
        String water = initiative("water");
        String cookie = signIn("commerce");
        for (String path : new String[] { "/ui/initiatives/" + water, "/ui/initiatives/no-such-initiative" }) {
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
        assertThat(after.headers().firstValue("Location"))
            .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/sign-in"));
    }

    @Test
    void anUploadWithoutAFileOrWithAnUnreadableOneIsExplainedNotFailed() throws Exception {
        String cookie = signIn("commerce");
        HttpResponse<String> page = get("/ui/upload", cookie);
        Csrf csrf = csrf(page.headers().allValues("Set-Cookie"), page.body());
        Matcher action = Pattern.compile("action=\"(/ui/upload\\?_csrf=[^\"]+)\"").matcher(page.body());
        assertThat(action.find()).as("the upload form carries its token in the query").isTrue();
        String upload = action.group(1);
        cookie = cookie + "; " + csrf.cookie();

        String boundary = "----planwatch";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"进度.xlsx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nnot a workbook\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(url(upload)))
            .header("Cookie", cookie)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("id=\"problems\"", "未提交任何数据");

        HttpResponse<String> none = CLIENT.send(HttpRequest.newBuilder(URI.create(url(upload)))
            .header("Cookie", cookie)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("请选择要上传的");

        String tokenInTheBody = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
                + csrf.token() + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> unread = CLIENT.send(HttpRequest.newBuilder(URI.create(url("/ui/upload")))
            .header("Cookie", cookie)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(tokenInTheBody))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(unread.statusCode()).as("an upload is not parsed for its token").isEqualTo(403);
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

    /**
     * A form post as a browser sends it: with the CSRF cookie and the token a page of
     * ours gave.
     */
    private HttpResponse<String> post(String path, String cookie, String origin, Map<String, String> form)
            throws Exception {
        Csrf csrf = csrf(cookie);
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.put("_csrf", csrf.token());
        return send(path, cookie == null ? csrf.cookie() : cookie + "; " + csrf.cookie(), origin, withToken);
    }

    /**
     * The same post with the CSRF cookie but not the token, as a post from another site
     * would be at best.
     */
    private HttpResponse<String> postWithoutToken(String path, String cookie, String origin, Map<String, String> form)
            throws Exception {
        Csrf csrf = csrf(cookie);
        return send(path, cookie == null ? csrf.cookie() : cookie + "; " + csrf.cookie(), origin, form);
    }

    private HttpResponse<String> send(String path, String cookie, String origin, Map<String, String> form)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form), StandardCharsets.UTF_8));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String form(Map<String, String> form) {
        return form.entrySet()
            .stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    private static Map<String, String> report(String id, String name) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("eventId", "web-" + name + "-" + id);
        form.put("percentComplete", "20");
        form.put("reportedBy", "x");
        return form;
    }

    /**
     * A browser's CSRF token: its cookie, and the masked value a form of ours carries.
     */
    record Csrf(String cookie, String token) {
    }

    /** What the sign-in page gives a browser presenting {@code cookie} (or none). */
    private Csrf csrf(String cookie) throws Exception {
        HttpResponse<String> page = get("/ui/sign-in", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        return csrf(page.headers().allValues("Set-Cookie"), page.body());
    }

    private static Csrf csrf(List<String> setCookies, String page) {
        String cookie = setCookies.stream()
            .filter(c -> c.startsWith("pw_csrf="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CSRF cookie in " + setCookies))
            .split(";")[0];
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(token.find()).as("the page's forms carry a CSRF token").isTrue();
        return new Csrf(cookie, token.group(1));
    }

    /**
     * An answer read off the socket: the status, headers by lower-case name, the body.
     */
    record Raw(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> cookies() {
            return headers.getOrDefault("set-cookie", List.of());
        }
    }

    /**
     * A request as a reverse proxy passes it on, over a plain socket (HttpClient will not
     * send a Host header of our choosing). HTTP/1.0, so the answer ends with the
     * connection, unchunked.
     */
    private Raw viaProxy(String method, String path, String cookie, String origin, String body) throws IOException {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.0\r\n").append("Host: internal:8080\r\n")
            .append("X-Forwarded-Host: planwatch.example.org\r\n")
            .append("X-Forwarded-Proto: https\r\n")
            .append("X-Forwarded-For: 203.0.113.7\r\n");
        if (cookie != null) {
            head.append("Cookie: ").append(cookie).append("\r\n");
        }
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ")
                .append(content.length)
                .append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers
                    .computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), headers, answer.substring(end + 4));
        }
    }

}
