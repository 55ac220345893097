package org.planwatch.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus and Alertmanager for the demo, when they are installed (Debian's
 * {@code prometheus} and {@code prometheus-alertmanager}): started with the project's own
 * configuration and rules (shipped in this jar from {@code docker/}; Alertmanager's
 * routes generated from the demo catalog's departments and
 * {@code docker/alertmanager/contacts.json}), scraping the demo's services, and
 * delivering alerts to a small receiver that prints them, so a newcomer sees which
 * department would be told what.
 */
final class Monitoring implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Monitoring.class);

    /** The files taken from docker/ (a test checks this list against the folder). */
    static final List<String> FILES = List.of("prometheus/prometheus.yml", "prometheus/rules/recording.yml",
            "prometheus/rules/initiative-alerts.yml", "prometheus/rules/pipeline-alerts.yml",
            "prometheus/rules/supervision-alerts.yml", "alertmanager/contacts.json");
    static final int RECEIVER_PORT = 19095;

    private static final Pattern ALERT = Pattern.compile("\"status\":\"(\\w+)\",\"labels\":\\{([^}]*)}");

    private final Process prometheus;

    private final Process alertmanager;

    private final HttpServer receiver;

    final String prometheusUrl;

    final String alertmanagerUrl;

    private Monitoring(Process prometheus, Process alertmanager, HttpServer receiver, String prometheusUrl,
            String alertmanagerUrl) {
        this.prometheus = prometheus;
        this.alertmanager = alertmanager;
        this.receiver = receiver;
        this.prometheusUrl = prometheusUrl;
        this.alertmanagerUrl = alertmanagerUrl;
    }

    static boolean installed() {
        return onPath("prometheus") && onPath("prometheus-alertmanager");
    }

    /**
     * @param departments the catalog's: Alertmanager's routes are generated from them
     * ({@link AlertRoutes})
     */
    static Monitoring start(Path dir, int prometheusPort, int alertmanagerPort, String publisherManagement,
            String aggregatorManagement, List<AlertRoutes.Department> departments)
            throws IOException, InterruptedException {
        for (String file : FILES) {
            Path target = dir.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = Objects
                .requireNonNull(Monitoring.class.getClassLoader().getResourceAsStream("monitoring/" + file), file)) {
                Files.write(target, in.readAllBytes());
            }
        }
        Files.writeString(dir.resolve("alertmanager/alertmanager.yml"), AlertRoutes.generate(departments,
                JsonMapper.builder().build().readTree(Files.readString(dir.resolve("alertmanager/contacts.json"))),
                AlertRoutes.Timing.DEFAULT));
        Path targets = Files.createDirectories(dir.resolve("prometheus/targets"));
        Files.writeString(targets.resolve("publisher.json"),
                "[{\"targets\":[\"" + hostPort(publisherManagement) + "\"]}]");
        Files.writeString(targets.resolve("aggregator.json"),
                "[{\"targets\":[\"" + hostPort(aggregatorManagement) + "\"]}]");
        Files.writeString(targets.resolve("alertmanager.json"),
                "[{\"targets\":[\"127.0.0.1:" + alertmanagerPort + "\"]}]");

        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", RECEIVER_PORT), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = ALERT.matcher(body);
            while (m.find()) {
                log.info("Alertmanager -> {} [{}] {}", exchange.getRequestURI().getPath(), m.group(1), m.group(2));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        Process alertmanager = new ProcessBuilder("prometheus-alertmanager",
                "--config.file=" + dir.resolve("alertmanager/alertmanager.yml"),
                "--storage.path=" + dir.resolve("alertmanager/data"),
                "--web.listen-address=127.0.0.1:" + alertmanagerPort, "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager/log").toFile())
            .start();
        Process prometheus = new ProcessBuilder("prometheus",
                "--config.file=" + dir.resolve("prometheus/prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("prometheus/data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus/log").toFile())
            .start();
        Monitoring monitoring = new Monitoring(prometheus, alertmanager, receiver, "http://127.0.0.1:" + prometheusPort,
                "http://127.0.0.1:" + alertmanagerPort);
        try {
            monitoring.awaitReady(Duration.ofSeconds(60));
        }
        catch (RuntimeException | InterruptedException e) {
            monitoring.close();
            throw e;
        }
        return monitoring;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        for (String url : List.of(prometheusUrl + "/-/ready", alertmanagerUrl + "/-/ready")) {
            while (true) {
                try {
                    if (HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                        break;
                    }
                }
                catch (IOException e) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline) || !prometheus.isAlive() || !alertmanager.isAlive()) {
                    throw new IllegalStateException(url + " not ready (see the logs under the data folder)");
                }
                Thread.sleep(250);
            }
        }
    }

    private static String hostPort(String url) {
        return URI.create(url).getHost() + ":" + URI.create(url).getPort();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && List.of(path.split(":")).stream().anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    @Override
    public void close() {
        prometheus.destroy();
        alertmanager.destroy();
        receiver.stop(0);
        try {
            prometheus.waitFor();
            alertmanager.waitFor();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
