package org.planwatch.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.planwatch.aggregator.AggregatorApplication;
import org.planwatch.kafkalocal.LocalKafka;
import org.planwatch.publisher.PublisherApplication;
import org.planwatch.publisher.catalog.InitiativeDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one-command demo: a real Apache Kafka broker (KRaft, from the Kafka jars), the
 * publisher and the aggregator, the demo catalog (the 2019 Heping District plan, moved to
 * this year) loaded through the API, and a simulator posting progress. Everything lives
 * under one data folder.
 *
 * <p>
 * Run: {@code ./demo} (builds what is missing, then runs this class);
 * {@code ./demo --help}. Ctrl-C stops everything in order.
 */
public final class Demo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    static final ZoneId PLAN_ZONE = ZoneId.of("Asia/Shanghai");

    private final LocalKafka kafka;

    private final ConfigurableApplicationContext publisher;

    private final ConfigurableApplicationContext aggregator;

    private final Simulator simulator;

    private final CatalogFile catalog;

    /**
     * Every initiative of every plan the demo loads: its plan's, the sample district's,
     * the previous year's and those carried over from it.
     */
    private final List<InitiativeDocument> everything;

    private final Monitoring monitoring;

    private final Map<String, String> tokens;

    private final Path dataDir;

    /**
     * The number of the first published bulletin, once the demo has published it (or
     * found it).
     */
    private final CompletableFuture<Integer> firstBulletin;

    private Demo(LocalKafka kafka, ConfigurableApplicationContext publisher, ConfigurableApplicationContext aggregator,
            Simulator simulator, CatalogFile catalog, List<InitiativeDocument> everything, Monitoring monitoring,
            Map<String, String> tokens, Path dataDir, CompletableFuture<Integer> firstBulletin) {
        this.firstBulletin = firstBulletin;
        this.everything = everything;
        this.kafka = kafka;
        this.publisher = publisher;
        this.aggregator = aggregator;
        this.simulator = simulator;
        this.catalog = catalog;
        this.monitoring = monitoring;
        this.tokens = tokens;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) {
        // Exits with the command's code whatever threads Kafka and Spring left; after
        // Ctrl-C the JVM is exiting already and this call only waits for it.
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    /**
     * For {@code --exit-when-ready}: every catalog initiative is on the aggregator's
     * metrics, the first bulletin is published and, when monitoring runs, Prometheus
     * scrapes both services.
     */
    void checkReady() throws InterruptedException, ExecutionException, TimeoutException {
        awaitMetricsForWholeCatalog(Duration.ofSeconds(120));
        System.out.println("Demo ready: all " + everything.size() + " initiatives of its plans are on "
                + aggregatorManagementUrl() + "/actuator/prometheus");
        int bulletin = firstBulletin.get(180, TimeUnit.SECONDS);
        System.out.println("Bulletin 第" + bulletin + "期 is published: " + publisherUrl() + "/public/");
        if (monitoring != null) {
            awaitPrometheusScrapesBothServices(Duration.ofSeconds(90));
            System.out
                .println("Prometheus at " + monitoring.prometheusUrl + " scrapes the publisher and the aggregator");
        }
    }

    /**
     * Prints the URLs and tokens, then serves until Ctrl-C (or SIGTERM) stops everything
     * in order.
     */
    void runUntilStopped() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the demo ...");
            close();
            System.out.println("Demo stopped.");
            stopped.countDown();
        }, "demo-stop"));
        printUrls();
        stopped.await();
    }

    static Demo start(DemoOptions options) throws IOException, InterruptedException {
        if (options.wipe()) {
            FileSystemUtils.deleteRecursively(options.dataDir());
        }
        Files.createDirectories(options.dataDir());
        Instant began = Instant.now();
        LocalKafka kafka = LocalKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort(),
                options.kafkaControllerPort());
        ConfigurableApplicationContext publisher = null;
        ConfigurableApplicationContext aggregator = null;
        Simulator simulator = null;
        Monitoring monitoring = null;
        Map<String, String> tokens = Map.of();
        int backfilled = 0;
        try {
            String bootstrap = "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers();
            DemoTokens demoTokens = DemoTokens.in(options.dataDir());
            String admin = "--planwatch.security.admin-token="
                    + demoTokens.bootstrapAdmin(System.getenv("PROGRESS_ADMIN_TOKEN"));
            // Spring's own shutdown hooks are off: the demo stops its parts in order
            // (services, then broker). The publisher's department page reads status from
            // the aggregator, so its port is fixed first.
            int aggregatorPort = options.aggregatorPort() != 0 ? options.aggregatorPort() : freePort();
            JsonMapper json = JsonMapper.builder().build();
            int year = LocalDate.now(PLAN_ZONE).getYear();
            CatalogFile catalog = CatalogFile.load(json).shiftedTo(year);
            CatalogFile sample = CatalogFile.load(json, CatalogFile.SAMPLE_DISTRICT).shiftedTo(year);
            CatalogFile previous = CatalogFile.load(json, CatalogFile.PREVIOUS_YEAR).shiftedTo(year - 1);
            List<String> publisherArgs = new ArrayList<>(
                    List.of(bootstrap, admin, "--server.port=" + options.publisherPort(),
                            "--management.server.port=" + options.publisherManagementPort(),
                            "--planwatch.web.aggregator-url=http://127.0.0.1:" + aggregatorPort,
                            "--spring.main.register-shutdown-hook=false", "--spring.main.banner-mode=off"));
            // The pages show departments and programs by their Chinese names, from the
            // catalog file.
            Stream.of(catalog, sample)
                .flatMap(file -> file.departments().stream())
                .forEach(d -> publisherArgs.add("--planwatch.web.departments[" + d.id() + "]=" + d.name()));
            catalog.programs().forEach(p -> publisherArgs.add("--planwatch.web.programs[" + p.id() + "]=" + p.name()));
            publisher = PublisherApplication.start(publisherArgs.toArray(String[]::new));
            aggregator = AggregatorApplication.start(bootstrap, admin, "--server.port=" + aggregatorPort,
                    "--management.server.port=" + options.aggregatorManagementPort(),
                    "--spring.kafka.streams.state-dir=" + options.dataDir().resolve("aggregator").toAbsolutePath(),
                    "--spring.main.register-shutdown-hook=false", "--spring.main.banner-mode=off",
                    // The demo issues supervision slips on its own (docs/supervisors.md):
                    // silent for two cadences gives blue, off track for 14 days yellow,
                    // overdue red.
                    "--planwatch.aggregator.supervision.auto-issue[0].name=silent-blue",
                    "--planwatch.aggregator.supervision.auto-issue[0].condition=SILENT",
                    "--planwatch.aggregator.supervision.auto-issue[0].colour=BLUE",
                    "--planwatch.aggregator.supervision.auto-issue[0].held-for-cadences=0.5",
                    "--planwatch.aggregator.supervision.auto-issue[1].name=off-track-yellow",
                    "--planwatch.aggregator.supervision.auto-issue[1].condition=OFF_TRACK",
                    "--planwatch.aggregator.supervision.auto-issue[1].colour=YELLOW",
                    "--planwatch.aggregator.supervision.auto-issue[1].held-for-days=14",
                    "--planwatch.aggregator.supervision.auto-issue[2].name=overdue-red",
                    "--planwatch.aggregator.supervision.auto-issue[2].condition=OVERDUE",
                    "--planwatch.aggregator.supervision.auto-issue[2].colour=RED");
            String publisherUrl = url(publisher, "local.server.port");
            awaitReady(url(publisher, "local.management.port") + "/actuator/health/readiness", Duration.ofSeconds(60));
            String adminToken = admin.substring(admin.indexOf('=') + 1);
            CatalogLoader loader = new CatalogLoader(json, publisherUrl, adminToken);
            List<InitiativeDocument> written = new ArrayList<>(loader.load(catalog));
            written.addAll(loader.load(sample));
            loader.load(previous);
            List<InitiativeDocument> open = new ArrayList<>(catalog.initiatives());
            open.addAll(sample.initiatives());
            List<InitiativeDocument> loaded = new ArrayList<>(open);
            loaded.addAll(previous.initiatives());
            tokens = demoTokens.issue(publisherUrl, adminToken, loaded, json);
            log.info("Demo catalog: {} initiatives ({} newly written)", loaded.size(), written.size());
            if (options.simulate()) {
                simulator = new Simulator(json, publisherUrl, open, departmentTokens(tokens), Clock.systemUTC(),
                        PLAN_ZONE);
                // A history from the start of the plan year, for initiatives new to this
                // data folder.
                backfilled = simulator.backfill(written);
                log.info("Simulator backfilled {} reports", backfilled);
                simulator.start(options.simulatorInterval());
            }
            awaitReady(url(aggregator, "local.management.port") + "/actuator/health/readiness", Duration.ofSeconds(60));
            // Last year's plan closes and its unfinished work comes into this year's: the
            // baselines wait for the aggregator's final statuses.
            List<InitiativeDocument> carried = new PreviousYear(json, publisherUrl,
                    url(aggregator, "local.server.port"), adminToken)
                .closeAndCarry(previous, catalog.plan().id(), tokens, Duration.ofMinutes(2));
            log.info("Previous year {} closed; {} initiatives carried over", previous.plan().id(), carried.size());
            List<InitiativeDocument> everything = new ArrayList<>(loaded);
            everything.addAll(carried);
            if (options.monitoring() && Monitoring.installed()) {
                monitoring = Monitoring.start(options.dataDir().resolve("monitoring").toAbsolutePath(),
                        options.prometheusPort(), options.alertmanagerPort(), url(publisher, "local.management.port"),
                        url(aggregator, "local.management.port"),
                        Stream.of(catalog, sample)
                            .flatMap(file -> file.departments().stream())
                            .map(d -> new AlertRoutes.Department(d.id(), d.name()))
                            .distinct()
                            .toList());
            }
            CompletableFuture<Integer> bulletin = firstBulletin(new FirstBulletin(json, publisherUrl,
                    url(publisher, "local.management.port"), tokens.get("supervisor")), catalog.plan().id(), everything,
                    backfilled);
            log.info("Demo serving after {} s", Duration.between(began, Instant.now()).toSeconds());
            return new Demo(kafka, publisher, aggregator, simulator, catalog, everything, monitoring, tokens,
                    options.dataDir(), bulletin);
        }
        catch (IOException | InterruptedException | RuntimeException e) {
            // Leave nothing running behind a failed start.
            new Demo(kafka, publisher, aggregator, simulator, null, List.of(), monitoring, tokens, options.dataDir(),
                    null)
                .close();
            throw e;
        }
    }

    /**
     * Publishes the first bulletin in the background, once the backfill is counted:
     * serving does not wait for it.
     */
    private static CompletableFuture<Integer> firstBulletin(FirstBulletin first, String plan,
            List<InitiativeDocument> initiatives, int backfilled) {
        CompletableFuture<Integer> published = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                int number = first.publish(plan, initiatives, backfilled, Duration.ofMinutes(3));
                log.info("Bulletin 第{}期 is published; the public page shows its figures", number);
                published.complete(number);
            }
            catch (IOException | RuntimeException e) {
                log.warn("The demo's first bulletin was not published: {}", e.getMessage());
                published.completeExceptionally(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                published.completeExceptionally(e);
            }
        }, "demo-first-bulletin");
        thread.setDaemon(true);
        thread.start();
        return published;
    }

    /** Department id to its token. */
    private static Map<String, String> departmentTokens(Map<String, String> tokens) {
        Map<String, String> departments = new HashMap<>();
        tokens.forEach((principal, token) -> {
            if (principal.startsWith("department:")) {
                departments.put(principal.substring("department:".length()), token);
            }
        });
        return departments;
    }

    /**
     * Principal ({@code admin}, {@code supervisor}, {@code department:<id>}) to its demo
     * token.
     */
    Map<String, String> tokens() {
        return tokens;
    }

    private static String url(ConfigurableApplicationContext context, String portProperty) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty(portProperty);
    }

    String publisherUrl() {
        return url(publisher, "local.server.port");
    }

    String publisherManagementUrl() {
        return url(publisher, "local.management.port");
    }

    String aggregatorUrl() {
        return url(aggregator, "local.server.port");
    }

    String aggregatorManagementUrl() {
        return url(aggregator, "local.management.port");
    }

    String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    CatalogFile catalog() {
        return catalog;
    }

    /** Every initiative of every plan the demo loaded, carried-over ones included. */
    List<InitiativeDocument> initiatives() {
        return everything;
    }

    long simulatedReportsAccepted() {
        return simulator == null ? 0 : simulator.accepted();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    void printUrls() {
        var any = catalog.initiatives().get(0);
        String anyId = any.id();
        StringBuilder table = new StringBuilder();
        tokens.forEach((principal, token) -> table.append("  %-34s %s%n".formatted(principal, token)));
        System.out.println("""

                Tokens issued for this demo (DEMO ONLY; also in %s/%s):
                %s
                  Try:  curl -H 'Authorization: Bearer %s' %s/api/v1/initiatives/%s/status
                """.formatted(dataDir, DemoTokens.FILE, table, tokens.get("department:" + any.department()),
                aggregatorUrl(), anyId));
        System.out.println("""

                planwatch demo is running (Ctrl-C stops it)
                  Kafka broker (KRaft)    %s
                  Department page         %s/ui/   (sign in with a department token above)
                  Supervisors' desk       %s/ui/desk/   (sign in with the supervisor token above; 督办 lists the slips)
                  Bulletins (督查通报)    %s/ui/desk/bulletins   (the demo publishes the first once its history is counted)
                  Public progress page    %s/public/   (no token: published figures of the public initiatives)
                  Publisher API           %s/api/v1/initiatives
                  Publisher metrics       %s/actuator/prometheus
                  Aggregator status API   %s/api/v1/initiatives/%s/status
                  Aggregator metrics      %s/actuator/prometheus
                  Plans                   %s (%d initiatives, dates moved to %d), hexi's (sample), last year's (closed)
                %s""".formatted(kafka.bootstrapServers(), publisherUrl(), publisherUrl(), publisherUrl(),
                publisherUrl(), publisherUrl(), publisherManagementUrl(), aggregatorUrl(), anyId,
                aggregatorManagementUrl(), catalog.plan().id(), catalog.initiatives().size(), catalog.planYear(),
                monitoring == null
                        ? "  (Prometheus and Alertmanager start too when installed: apt-get install"
                                + " prometheus prometheus-alertmanager)\n"
                        : "  Prometheus              " + monitoring.prometheusUrl
                                + "/alerts\n  Alertmanager            " + monitoring.alertmanagerUrl
                                + "\n  Alerts are printed here as Alertmanager delivers them.\n"));
    }

    /** Waits until every catalog initiative has its {@code initiative_info} series. */
    void awaitMetricsForWholeCatalog(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String missing = null;
        while (Instant.now().isBefore(deadline)) {
            String text = get(aggregatorManagementUrl() + "/actuator/prometheus").body();
            missing = everything.stream()
                .filter(i -> !text.contains("initiative=\"" + i.id() + "\""))
                .map(i -> i.id())
                .findFirst()
                .orElse(null);
            if (missing == null) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Initiative " + missing + " has no metrics after " + timeout);
    }

    /**
     * Both services are scraped: {@code up} is 1 for the publisher's and the aggregator's
     * job.
     */
    void awaitPrometheusScrapesBothServices(Duration timeout) throws InterruptedException {
        String url = monitoring.prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode("sum(up{job=~\"planwatch-.*\"})", StandardCharsets.UTF_8);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (get(url).body().contains("\"2\"]")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("Prometheus does not scrape both services after " + timeout);
    }

    static void awaitReady(String url, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (get(url).statusCode() == 200) {
                    return;
                }
            }
            catch (IllegalStateException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " not ready after " + timeout);
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String prometheusUrl() {
        return monitoring == null ? null : monitoring.prometheusUrl;
    }

    @Override
    public void close() {
        if (monitoring != null) {
            monitoring.close();
        }
        if (simulator != null) {
            simulator.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (aggregator != null) {
            aggregator.close();
        }
        kafka.close();
    }

}
