package org.planwatch.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

import org.planwatch.publisher.catalog.InitiativeDocument;

import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's tokens (DEMO ONLY: printed on the console and kept in plain text,
 * owner-readable, under the data folder, so that a restarted demo keeps them). The first
 * admin token is {@code PROGRESS_ADMIN_TOKEN} when set, else generated; with it the demo
 * issues, through the public API, one token per catalog department, a supervisor token
 * and an admin token.
 */
final class DemoTokens {

    static final String FILE = "demo-tokens.properties";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    private final Properties saved = new Properties();

    private DemoTokens(Path file) {
        this.file = file;
    }

    /** Reads what an earlier run of this data folder issued. */
    static DemoTokens in(Path dataDir) throws IOException {
        DemoTokens tokens = new DemoTokens(dataDir.resolve(FILE));
        if (Files.exists(tokens.file)) {
            try (Reader in = Files.newBufferedReader(tokens.file, StandardCharsets.UTF_8)) {
                tokens.saved.load(in);
            }
        }
        return tokens;
    }

    /**
     * {@code PROGRESS_ADMIN_TOKEN} if set; else the one this data folder was started
     * with; else a new one.
     */
    String bootstrapAdmin(String fromEnvironment) throws IOException {
        String token = fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment
                : saved.getProperty("bootstrap-admin");
        if (token == null) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            token = "demo-admin-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        }
        saved.setProperty("bootstrap-admin", token);
        save();
        return token;
    }

    /**
     * A token per department of the catalog (owners and supporters), a supervisor and an
     * admin: reused when still honoured (a warm restart), else issued.
     * @return principal ({@code department:<id>}, {@code supervisor}, {@code admin}) to
     * token
     */
    Map<String, String> issue(String publisher, String adminToken, Iterable<InitiativeDocument> catalog,
            JsonMapper json) throws IOException, InterruptedException {
        TreeSet<String> departments = new TreeSet<>();
        for (InitiativeDocument i : catalog) {
            departments.add(i.department());
            if (i.supportingDepartments() != null) {
                departments.addAll(i.supportingDepartments());
            }
        }
        RateLimitedClient http = new RateLimitedClient();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("admin", token(http, publisher, adminToken, "admin", null, json));
        tokens.put("supervisor", token(http, publisher, adminToken, "supervisor", null, json));
        for (String department : departments) {
            tokens.put("department:" + department, token(http, publisher, adminToken, "department", department, json));
        }
        save();
        return tokens;
    }

    private String token(RateLimitedClient http, String publisher, String adminToken, String role, String department,
            JsonMapper json) throws IOException, InterruptedException {
        String key = department == null ? role : "department:" + department;
        String known = saved.getProperty(key);
        if (known != null && http
            .send(HttpRequest.newBuilder(URI.create(publisher + "/api/v1/initiatives"))
                .header("Authorization", "Bearer " + known)
                .GET()
                .build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
            return known;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("role", role);
        if (department != null) {
            body.put("department", department);
        }
        body.put("label", "demo " + key);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(publisher + "/api/v1/tokens"))
            .header("Authorization", "Bearer " + adminToken)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body), StandardCharsets.UTF_8))
            .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "Cannot issue the demo's " + key + " token: " + response.statusCode() + " " + response.body());
        }
        String token = json.readTree(response.body()).get("token").asString();
        saved.setProperty(key, token);
        return token;
    }

    private void save() throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own permissions apply
            }
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            saved.store(out, "DEMO ONLY: tokens of this demo's data folder. Never use these outside the demo.");
        }
    }

}
