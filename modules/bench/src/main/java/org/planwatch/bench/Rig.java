package org.planwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.planwatch.events.TopicProvisioner;
import org.planwatch.events.Topics;
import org.planwatch.process.BootService;

/**
 * What the runs share: the broker, the filler, the limits measured first, and the
 * publisher and aggregators each run starts as child processes with the same settings.
 */
final class Rig {

    /**
     * The aggregators' evaluation interval here (one a minute by default); the scrape's
     * timing spans more than one.
     */
    static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(15);

    /** Each publisher child's -Xmx: the bulletin row's bounded heap. */
    static final String PUBLISHER_HEAP = "768m";

    /** Topics of six partitions on the harness's one broker. */
    static final Topics.TopicSettings TOPICS = new Topics.TopicSettings(6, (short) 1, 1);

    /**
     * Kafka's own tools over the same broker, measured before any run: what the ratios
     * compare with.
     */
    record Limits(double producer, double consumer) {
    }

    final Options options;

    final String bootstrap;

    final Admin admin;

    final Fill fill;

    final Limits limits;

    /**
     * Debian's wrk on the PATH, or null (the saturation runs then use the JDK
     * HttpClient).
     */
    final Path wrk = Wrk.find();

    private final String adminToken = "bench-admin-" + UUID.randomUUID();

    /** Catalog entries 0 to this (exclusive) of program bench exist. */
    private int catalogSize;

    Rig(Options options, String bootstrap, Admin admin, Fill fill, Limits limits, int catalogSize) {
        this.options = options;
        this.bootstrap = bootstrap;
        this.admin = admin;
        this.fill = fill;
        this.limits = limits;
        this.catalogSize = catalogSize;
    }

    Path workDir() {
        return options.workDir();
    }

    /** Creates the topic of {@code program}'s events, as the publisher would. */
    void programTopic(String program) {
        new TopicProvisioner(admin, TOPICS).ensureProgramTopic(program);
    }

    /** Creates {@code department}'s reports topic, as the publisher would. */
    void reportsTopic(String department) {
        new TopicProvisioner(admin, TOPICS).ensureReportsTopics(List.of(department));
    }

    /**
     * Empties progress.bench (deleted, then made again once the broker has deleted it)
     * and fills it with {@code count} events over the first {@code initiatives} of the
     * catalog.
     */
    void refill(int count, int initiatives, boolean shuffled) throws Exception {
        String topic = "progress." + Fill.PROGRAM;
        if (admin.listTopics().names().get().contains(topic)) {
            admin.deleteTopics(List.of(topic)).all().get();
        }
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> !admin.listTopics().names().get().contains(topic));
        programTopic(Fill.PROGRAM);
        fill.events(count, initiatives, shuffled);
    }

    /** Grows the catalog of program bench to {@code size} entries (never shrinks it). */
    void catalog(int size) throws Exception {
        if (size > catalogSize) {
            fill.catalog(catalogSize, size);
            catalogSize = size;
        }
    }

    /** A publisher whose rate limit stays out of the load's way, ready. */
    BootService publisher(String name) throws IOException, InterruptedException {
        return publisher(name, List.of());
    }

    BootService publisher(String name, List<String> jvmOptions) throws IOException, InterruptedException {
        return service(name, "publisher", PUBLISHER_HEAP, jvmOptions,
                List.of("--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--planwatch.security.rate-limit.per-second=1000000",
                        "--planwatch.security.rate-limit.burst=1000000"))
            .start()
            .awaitReady(Duration.ofMinutes(2));
    }

    /**
     * Started, not awaited.
     * @param name the processing guarantee, or another name for an exactly-once instance
     * of its own
     */
    BootService aggregator(String name, List<String> jvmOptions, String... extra) throws IOException {
        String guarantee = name.equals("at_least_once") ? name : "exactly_once_v2";
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.streams.application-id=bench-" + name,
                "--spring.kafka.streams.state-dir=" + stateDir(name),
                "--spring.kafka.streams.properties.processing.guarantee=" + guarantee,
                // So that the scrape's timed run holds the first scrape after a pass,
                // which renders again what the pass changed.
                "--planwatch.aggregator.evaluation-interval=" + EVALUATION_INTERVAL.toSeconds() + "s"));
        args.addAll(List.of(extra));
        return service("aggregator-" + name, "aggregator", "1g", jvmOptions, args).start();
    }

    Path stateDir(String aggregator) {
        return workDir().resolve("state-" + aggregator);
    }

    private BootService service(String name, String module, String heap, List<String> jvmOptions, List<String> args)
            throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap));
        jvm.addAll(jvmOptions);
        List<String> arguments = new ArrayList<>(List.of("--logging.level.root=WARN"));
        arguments.addAll(args);
        return BootService.of(name, jar(module), workDir(), jvm, Map.of("PROGRESS_ADMIN_TOKEN", adminToken), arguments);
    }

    /**
     * The -exec.jar the build names (Surefire sets the property), else where
     * {@code ./bench} finds it.
     */
    private static Path jar(String module) {
        return Path.of(System.getProperty("planwatch." + module + ".jar",
                "modules/" + module + "/target/" + module + "-0.1.0-exec.jar"));
    }

    /** A department token of the bench's department. */
    String departmentToken(BootService publisher) throws IOException, InterruptedException {
        return token(publisher,
                "{\"role\":\"department\",\"department\":\"" + Fill.DEPARTMENT + "\",\"label\":\"bench\"}");
    }

    String token(BootService publisher, String request) throws IOException, InterruptedException {
        return PublisherApi.token(publisher, adminToken, request);
    }

    /**
     * Closed-loop saturation with 16 connections (16 callers without wrk), from wrk when
     * it is installed, else from the harness's JDK HttpClient (a note says which): the
     * publisher and the Pushgateway always get the same generator within a run.
     */
    HttpLoad.Rate saturate(Wrk.Request request, HttpLoad.Call fallback) throws Exception {
        return wrk == null ? HttpLoad.saturate(16, options.window(), fallback)
                : Wrk.saturate(wrk, 16, options.window(), request, workDir());
    }

    /**
     * JVM options that record a JFR profile to {@code jfr}, with stacks deep enough for
     * Spring and Streams.
     */
    static List<String> profiled(Path jfr) {
        return List.of("-XX:FlightRecorderOptions=stackdepth=256",
                "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }

    /**
     * Keeps a recording for `jfr print` or JDK Mission Control: the work directory goes
     * at the end.
     */
    static void keep(Path jfr, String name) throws IOException {
        if (Files.exists(jfr)) {
            Path kept = Path.of(System.getProperty("java.io.tmpdir"), name);
            Files.copy(jfr, kept, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("Profile kept in " + kept);
        }
    }

    static String fmt(double value) {
        return String.format("%,.0f", value);
    }

}
