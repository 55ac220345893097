package org.planwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.planwatch.client.KafkaProgressClient;
import org.planwatch.client.Report;
import org.planwatch.events.TopicProvisioner;
import org.planwatch.events.Topics;
import org.planwatch.kafkalocal.LocalKafka;

/**
 * The benchmark harness: in one run on one machine, against one broker it starts itself, Kafka's
 * own limits (ProducerPerformance, ConsumerPerformance) and the Pushgateway as the peer, then ours,
 * each beside its reference as a ratio. {@code ./bench} runs the full configuration and writes
 * {@code BENCHMARKS.md}; {@code ./bench --quick} is the smoke configuration CI runs.
 */
public final class Bench {

    /** The aggregators' evaluation interval here (see {@link #scrape}). */
    private static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(15);
    /** Each publisher child's -Xmx: the bulletin row's bounded heap. */
    private static final String PUBLISHER_HEAP = "768m";

    private final Options options;
    private final Table table = new Table();
    /** Debian's wrk on the PATH, or null (the saturation runs then use the JDK HttpClient). */
    private final Path wrk = Wrk.find();
    private final String admin = "bench-admin-" + UUID.randomUUID();
    private String bootstrap;
    private int eventSize;

    private Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        run(args);
        // Kafka's tools and clients may leave non-daemon threads behind.
        System.exit(0);
    }

    /**
     * Runs the configuration the arguments name ({@code --quick}, {@code --out FILE}, {@code --only
     * http,e2e,aggregation,scrape} to run only those parts after the limits, while working on one of them);
     * returns the table's markdown.
     */
    static String run(String[] args) throws Exception {
        List<String> list = Arrays.asList(args);
        boolean quick = list.contains("--quick");
        Path out = list.contains("--out") ? Path.of(list.get(list.indexOf("--out") + 1)) : quick ? null : Path.of("BENCHMARKS.md");
        Path work = Files.createTempDirectory("planwatch-bench-");
        Options options = (quick ? Options.quick(work, out) : Options.full(work, out))
                .only(list.contains("--only") ? List.of(list.get(list.indexOf("--only") + 1).split(",")) : List.of());
        try {
            return new Bench(options).measure();
        }
        finally {
            deleteRecursively(work);
        }
    }

    String measure() throws Exception {
        String machine = Table.machine();
        System.out.println(machine);
        try (LocalKafka kafka = LocalKafka.start(options.workDir().resolve("kafka"), 0, 0);
                Admin kafkaAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            bootstrap = kafka.bootstrapServers();
            TopicProvisioner provisioner = new TopicProvisioner(kafkaAdmin, new Topics.TopicSettings(6, (short) 1, 1));
            provisioner.ensureFixedTopics();
            provisioner.ensureProgramTopic(Fill.PROGRAM);
            provisioner.ensureProgramTopic(Fill.HTTP_PROGRAM);
            provisioner.ensureProgramTopic(Fill.E2E_PROGRAM);
            kafkaAdmin.createTopics(List.of(new NewTopic("bench.raw", 6, (short) 1))).all().get();
            eventSize = Fill.EVENTS.encode(Fill.event("00000000-0000-0000-0000-000000000000", Fill.id(1234), 42,
                    Instant.now())).length;
            table.note("A progress event is " + eventSize + " bytes of Avro (single-object encoding); the perf tools send records of that size.");

            double producerLimit = PerfTools.producer(bootstrap, "bench.raw", options.rawRecords(), eventSize);
            double consumerLimit = PerfTools.consumer(bootstrap, "bench.raw", options.rawRecords());
            table.add("Kafka ProducerPerformance (acks=all, idempotent), records/s", fmt(producerLimit), "(the limit)", null, null, null);
            table.add("Kafka ConsumerPerformance, records/s", fmt(consumerLimit), "(the limit)", null, null, null);

            try (Fill fill = new Fill(bootstrap)) {
                fill.catalog(Fill.HTTP_PROGRAM, 0, 100);
                fill.catalog(0, 100);
                if (options.runs("http")) {
                    http(fill, producerLimit);
                }
                // Concurrent POSTs reach the partition slightly out of occurredAt order; the aggregator runs
                // measure the common case, a topic in order, so the HTTP runs' topic goes.
                kafkaAdmin.deleteTopics(List.of("progress." + Fill.HTTP_PROGRAM)).all().get();
                fill.remove(Fill.HTTP_PROGRAM, 0, 100);
                if (options.runs("e2e") || options.runs("aggregation") || options.runs("scrape")) {
                    aggregator(fill, kafkaAdmin, consumerLimit);
                }
            }
        }
        String md = table.markdown("# Benchmarks\n\nWritten by `./bench` (`modules/bench`) on "
                + LocalDateTime.now(ZoneOffset.UTC).withNano(0) + " UTC. Every figure below comes from this one run on this one machine; "
                + "the ratios compare figures of the same run.", machine);
        if (options.out() != null) {
            String notes = options.out().toFile().exists() ? Files.readString(options.out()) : "";
            int keep = notes.indexOf("\n## ");
            Files.writeString(options.out(), md + (keep >= 0 ? notes.substring(keep) : ""));
            System.out.println("Written to " + options.out());
        }
        return md;
    }

    /** Publisher (single POST, batch), Pushgateway, Java client straight to Kafka. */
    private void http(Fill fill, double producerLimit) throws Exception {
        Path jfr = options.workDir().resolve("publisher.jfr");
        Instant saturationFrom;
        Instant saturationTo;
        try (Child publisher = startPublisher("publisher", profiled(jfr))) {
            String token = token(publisher);
            awaitCatalog(publisher, token, 200);
            String single = publisher.url() + "/api/v1/initiatives/";
            HttpLoad.Call post = i -> status(send(single + Fill.httpId((int) (i % 100)) + "/events", token,
                    "{\"kpis\":{\"n\":" + i + "},\"reportedBy\":\"bench\"}")) == 202 ? 1 : 0;
            Wrk.Request posts = new Wrk.Request("POST", publisher.url(), "/api/v1/initiatives/" + Fill.HTTP_ID_PREFIX,
                    100, "/events", Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                    "{\"kpis\":{\"n\":", "},\"reportedBy\":\"bench\"}");
            // Warm-up twice as long as a measurement: in the publisher's JFR (jdk.ThreadCPULoad) the
            // C2 compiler still took a fifth of the machine through a saturation run that followed a
            // warm-up as long as itself (a quarter after a 2-second one).
            saturate(posts, post);
            saturate(posts, post);
            saturationFrom = Instant.now();
            HttpLoad.Rate saturation = saturate(posts, post);
            saturationTo = Instant.now();
            HttpLoad.Latency latency;
            try (LoopbackHttp connections = new LoopbackHttp(publisher.port)) {
                Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
                HttpLoad.Call paced = i -> connections.call(LoopbackHttp.request("POST", "/api/v1/initiatives/"
                        + Fill.httpId((int) (i % 100)) + "/events", headers, "{\"kpis\":{\"n\":" + i + "},\"reportedBy\":\"bench\"}"))
                        == 202 ? 1 : 0;
                // Its own warm-up at the same rate, on the same 64 threads (each keeps its connection):
                // unwarmed, the first second of calls (a client path not yet compiled, threads and
                // connections opening) made the whole tail above 50 ms.
                ExecutorService callers = Executors.newFixedThreadPool(64);
                try {
                    HttpLoad.paced(saturation.perSecond() / 2, options.window(), callers, paced);
                    latency = HttpLoad.paced(saturation.perSecond() / 2, options.window(), callers, paced);
                }
                finally {
                    callers.shutdown();
                    callers.awaitTermination(120, TimeUnit.SECONDS);
                }
            }

            String batch = eventsJson(1000);
            HttpLoad.Call batchCall = i -> {
                HttpResponse<String> r = send(publisher.url() + "/api/v1/events", token, batch);
                Matcher m = Pattern.compile("\"accepted\":(\\d+)").matcher(r.body());
                return r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : 0;
            };
            // Its own warm-up too: the batch path (a list of a thousand, the per-item results) is
            // code the single POST did not compile, and in the JFR the compiler took a fifth of the
            // machine through an unwarmed batch run.
            HttpLoad.saturate(4, options.window(), batchCall);
            HttpLoad.Rate batches = HttpLoad.saturate(4, options.window(), batchCall);

            Double pushes = pushgateway();
            table.add("Batch POST (1000 events a request), events/s", fmt(batches.perSecond()),
                    fmt(producerLimit) + " raw producer", batches.perSecond() / producerLimit, "≥ 0.50",
                    batches.perSecond() / producerLimit >= 0.5);
            table.add("Single-event POST at saturation, events/s", fmt(saturation.perSecond()),
                    pushes == null ? "Pushgateway not installed" : fmt(pushes) + " Pushgateway pushes/s",
                    pushes == null ? null : saturation.perSecond() / pushes, "≥ 2.00",
                    pushes == null ? null : saturation.perSecond() / pushes >= 2);
            table.add("Single-event POST at half saturation, p50 / p99 ms", String.format("%.1f / %.1f",
                    latency.p50Millis(), latency.p99Millis()), "at " + fmt(latency.perSecond()) + " events/s", null,
                    "p99 ≤ 50 ms", latency.p99Millis() <= 50);
            table.note("Load generator of the saturation runs (publisher and Pushgateway): " + (wrk == null
                    ? "the harness's JDK HttpClient, 16 callers (wrk not installed: apt-get install wrk)."
                    : "wrk, one thread, 16 keep-alive connections.")
                    + " Of the latency at half saturation: the harness's open loop (counted from when each call was due), each call"
                    + " written and read by one of 64 threads on its own keep-alive connection. Of the batch runs: the JDK HttpClient.");
            if (saturation.failures() + latency.failures() + batches.failures() > 0) {
                table.note("HTTP failures during the runs: " + (saturation.failures() + latency.failures() + batches.failures()));
            }

            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", bootstrap);
            try (KafkaProgressClient client = KafkaProgressClient.builder(kafka).clientId("bench").build()) {
                HttpLoad.Rate direct = HttpLoad.saturate(16, options.window(), i -> {
                    client.send(Report.builder(Fill.httpId((int) (i % 100))).kpi("n", i).reportedBy("bench").build());
                    return 1;
                });
                table.add("Java client straight to Kafka (16 threads, one blocking send each), events/s",
                        fmt(direct.perSecond()), fmt(producerLimit) + " raw producer", direct.perSecond() / producerLimit,
                        null, null);
            }
            table.add("Publisher peak RSS / heap in use at the end, MiB", publisher.peakRssMiB() + " / "
                    + publisher.heapUsedMiB(), null, null, null, null);
            publisher.stop();
        }
        table.note("Profile of the publisher over all its HTTP runs (JFR), by package of the top frame: "
                + String.join("; ", Profile.packages(jfr, 10)));
        table.note("Profile of the publisher, our methods with their callees (share of samples): "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 10)));
        // The single POST alone: how much of a request is ours (the controller down to the Kafka send)
        // and how much the web stack around it (everything above ReportController.report).
        table.note("Profile of the publisher through the single-POST saturation run alone, our methods with their callees: "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 8, saturationFrom, saturationTo)));
        table.note("The publisher's threads through the single-POST saturation run, share of the machine's CPU (JFR jdk.ThreadCPULoad; "
                + "GC threads are not among them): " + String.join("; ", Profile.threadCpu(jfr, saturationFrom, saturationTo, 6)));
        keep(jfr, "planwatch-bench-publisher.jfr");
    }

    /**
     * Closed-loop saturation with 16 connections (16 callers without wrk), from wrk when it is
     * installed, else from the harness's JDK HttpClient (a note says which): the publisher and the
     * Pushgateway always get the same generator within a run.
     */
    private HttpLoad.Rate saturate(Wrk.Request request, HttpLoad.Call fallback) throws Exception {
        return wrk == null ? HttpLoad.saturate(16, options.window(), fallback)
                : Wrk.saturate(wrk, 16, options.window(), request, options.workDir());
    }

    /** Pushes/s of the Pushgateway (Debian's prometheus-pushgateway), one metric a push, as the publisher gets one event a POST. */
    private Double pushgateway() throws Exception {
        Path binary = Path.of("/usr/bin/prometheus-pushgateway");
        if (!Files.isExecutable(binary)) {
            table.note("Pushgateway not installed (apt-get install prometheus-pushgateway): no peer figure.");
            return null;
        }
        int port = Child.freePort();
        Process gateway = new ProcessBuilder(binary.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(options.workDir().resolve("pushgateway.log").toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            Instant deadline = Instant.now().plusSeconds(30);
            while (true) {
                try {
                    if (Child.get(base + "/-/ready").statusCode() == 200) {
                        break;
                    }
                }
                catch (IOException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                }
                Thread.sleep(100);
            }
            Wrk.Request pushes = new Wrk.Request("PUT", base, "/metrics/job/bench/initiative/" + Fill.ID_PREFIX,
                    100, "", Map.of("Content-Type", "text/plain"), "initiative_kpi_value{kpi=\"n\"} ", "\n");
            HttpLoad.Call push = i -> {
                HttpResponse<String> r = Child.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics/job/bench/initiative/"
                        + Fill.id((int) (i % 100)))).header("Content-Type", "text/plain")
                        .PUT(HttpRequest.BodyPublishers.ofString("initiative_kpi_value{kpi=\"n\"} " + i + "\n")).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() / 100 == 2 ? 1 : 0;
            };
            saturate(pushes, push); // the same warm-up as the publisher
            return saturate(pushes, push).perSecond();
        }
        finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * First, on a small catalog (the smallest scrape size), the scrape and the end-to-end latency;
     * then aggregation over a full topic, exactly-once (profiled) and at-least-once; the restore;
     * the scrape at the larger catalog sizes.
     */
    private void aggregator(Fill fill, Admin kafkaAdmin, double consumerLimit) throws Exception {
        int small = options.scrapeSizes().get(0);
        fill.catalog(100, small - 100);
        if (options.runs("e2e")) {
            fill.catalog(Fill.E2E_PROGRAM, 0, 100);
            Path jfr = options.workDir().resolve("aggregator-e2e.jfr");
            try (Child aggregator = startAggregator("small", profiled(jfr))) {
                aggregator.awaitReady(Duration.ofMinutes(2));
                scrape(aggregator, small);
                endToEnd(aggregator, small);
                aggregator.stop();
            }
            table.note("Profile of the aggregator through the scrape and end-to-end runs, our methods with their callees: "
                    + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 10)));
            keep(jfr, "planwatch-bench-aggregator-e2e.jfr");
            kafkaAdmin.deleteTopics(List.of("progress." + Fill.E2E_PROGRAM)).all().get();
            fill.remove(Fill.E2E_PROGRAM, 0, 100);
        }
        if (!options.runs("aggregation")) {
            if (options.runs("scrape")) {
                scrapeCatalogOnly(fill, small - 100);
            }
            return;
        }

        fill.catalog(small - 100, options.aggregatorInitiatives());
        fill.events(options.aggregatorEvents(), options.aggregatorInitiatives());
        long total = endOffsets(kafkaAdmin).values().stream().mapToLong(Long::longValue).sum();
        table.note("Aggregator runs read progress." + Fill.PROGRAM + " holding " + total + " events over "
                + options.aggregatorInitiatives() + " initiatives, in occurredAt order; catalog "
                + options.aggregatorInitiatives() + " entries.");
        double alos;
        try (Child aggregator = startAggregator("at_least_once", List.of())) {
            alos = awaitCaughtUp(aggregator, "bench-at_least_once", kafkaAdmin, total).rate();
            aggregator.stop();
        }
        // The same exactly-once run without initiative-status, profiled alike so both carry JFR's cost.
        double withoutStatus;
        try (Child aggregator = startAggregator("no_status", profiled(options.workDir().resolve("aggregator-no-status.jfr")),
                "--planwatch.aggregator.publish-status=false")) {
            withoutStatus = awaitCaughtUp(aggregator, "bench-no_status", kafkaAdmin, total).rate();
            aggregator.stop();
        }
        Path jfr = options.workDir().resolve("aggregator.jfr");
        Child eos = startAggregator("exactly_once_v2",
                profiled(jfr));
        try {
            CaughtUp exactlyOnce = awaitCaughtUp(eos, "bench-exactly_once_v2", kafkaAdmin, total);
            double exactly = exactlyOnce.rate();
            table.add("Aggregation, exactly_once_v2, events/s", fmt(exactly), fmt(consumerLimit) + " raw consumer",
                    exactly / consumerLimit, "≥ 0.50", exactly / consumerLimit >= 0.5);
            table.add("Aggregation, at_least_once, events/s", fmt(alos), fmt(consumerLimit) + " raw consumer",
                    alos / consumerLimit, null, null);
            table.add("Aggregation, exactly_once_v2, publishing initiative-status against the same run without it, events/s",
                    fmt(exactly), fmt(withoutStatus) + " without (planwatch.aggregator.publish-status=false)",
                    exactly / withoutStatus, "≥ 0.90", exactly / withoutStatus >= 0.9);
            double streamsCount;
            try (StreamsReference reference = StreamsReference.count(bootstrap, "progress." + Fill.PROGRAM, "bench-streams-count",
                    options.workDir().resolve("state-streams-count"))) {
                streamsCount = awaitCaughtUp(null, "bench-streams-count", kafkaAdmin, total).rate();
            }
            table.add("Kafka Streams' own count by key over the same topic (exactly_once_v2, same commit interval, one thread), events/s",
                    fmt(streamsCount), fmt(consumerLimit) + " raw consumer", streamsCount / consumerLimit, null, null);
            table.add("Aggregation, exactly_once_v2, against Kafka Streams' own count", fmt(exactly), fmt(streamsCount)
                    + " Streams count", exactly / streamsCount, null, null);
            double streamsKept;
            try (StreamsReference reference = StreamsReference.keepEveryRecord(bootstrap, "progress." + Fill.PROGRAM,
                    "bench-streams-kept", options.workDir().resolve("state-streams-kept"))) {
                streamsKept = awaitCaughtUp(null, "bench-streams-kept", kafkaAdmin, total).rate();
            }
            table.add("Kafka Streams keeping every record (a lookup and a put per record into a changelogged store, exactly_once_v2), events/s",
                    fmt(streamsKept), fmt(consumerLimit) + " raw consumer", streamsKept / consumerLimit, null, null);
            table.add("Aggregation, exactly_once_v2, against Kafka Streams keeping every record", fmt(exactly), fmt(streamsKept)
                    + " Streams keeping every record", exactly / streamsKept, null, null);
            eos.stop();
            // From the first commit to the last: the JVM's start and the catalog's load left out, as in the rate.
            Instant from = exactlyOnce.window().from();
            Instant to = exactlyOnce.window().to();
            table.note("Profile of the exactly_once_v2 run from its first commit to its last (JFR execution samples), by package of the top frame: "
                    + String.join("; ", Profile.packages(jfr, 10, from, to)));
            table.note("Profile of the exactly_once_v2 run (same window), top frames: " + String.join("; ", Profile.top(jfr, 12, from, to)));
            table.note("Profile of the exactly_once_v2 run (same window), our methods with their callees (share of samples): "
                    + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 12, from, to)));
            table.note("The exactly_once_v2 aggregator's threads (same window), share of the machine's CPU (JFR jdk.ThreadCPULoad; "
                    + "GC threads are not among them): " + String.join("; ", Profile.threadCpu(jfr, from, to, 5)));
            keep(jfr, "planwatch-bench-aggregator.jfr");

            // The same start with the state kept: what the restore figure below costs beyond starting.
            eos = startAggregator("exactly_once_v2", List.of());
            double kept = secondsToReady(eos);
            eos.stop();
            table.add("Restart with the state kept (JVM and Spring start, no restore), s to ready", String.format("%.1f", kept),
                    null, null, null, null);

            Path state = options.workDir().resolve("state-exactly_once_v2");
            deleteRecursively(state);
            eos = startAggregator("exactly_once_v2", List.of());
            double restore = secondsToReady(eos);
            // The goal is judged on the restoring, the time beyond an ordinary restart; the total is beside it.
            table.add("Restore after wiping the state (" + options.aggregatorInitiatives() + " initiatives, " + total
                    + " events), s to ready: in total / beyond a restart with the state kept", String.format("%.1f / %.1f",
                    restore, restore - kept), String.format("%.1f restart with the state kept", kept), null,
                    "≤ 10 s restoring", restore - kept <= 10);

            try (Child desk = startPublisher("desk")) {
                String supervisor = token(desk, "{\"role\":\"supervisor\",\"label\":\"bench\"}");
                for (int size : options.scrapeSizes().subList(1, options.scrapeSizes().size())) {
                    if (size > options.aggregatorInitiatives()) {
                        fill.catalog(options.aggregatorInitiatives(), size);
                    }
                    // The desk catches up first, so it reads nothing while the scrape is timed.
                    DeskBench.awaitDesk(desk, supervisor, size);
                    scrape(eos, size);
                    DeskBench.measure(table, desk, supervisor, bootstrap, size);
                    if (size <= 10_000) {
                        BulletinBench.measure(table, desk, supervisor, size, PUBLISHER_HEAP);
                    }
                }
                desk.stop();
            }
        }
        finally {
            eos.close();
        }
    }

    /** Seconds from a just started child's start until it reports ready. */
    private static double secondsToReady(Child started) throws Exception {
        started.awaitReady(Duration.ofMinutes(10));
        return Duration.between(started.startedAt(), Instant.now()).toMillis() / 1000.0;
    }

    /**
     * The scrape at every size without the aggregation runs before it (minutes shorter, while
     * working on the scrape): the initiatives have their catalog entries but no events, so each
     * carries fewer series than in the full run.
     */
    private void scrapeCatalogOnly(Fill fill, int have) throws Exception {
        table.note("The scrapes below are of initiatives with catalog entries and no events (--only scrape).");
        Path jfr = options.workDir().resolve("aggregator-scrape.jfr");
        try (Child aggregator = startAggregator("scrape", profiled(jfr))) {
            aggregator.awaitReady(Duration.ofMinutes(2));
            for (int size : options.scrapeSizes()) {
                fill.catalog(have, size);
                have = size;
                scrape(aggregator, size);
            }
            aggregator.stop();
        }
        table.note("Profile of the aggregator through the scrapes, our methods with their callees: "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 6)));
        keep(jfr, "planwatch-bench-aggregator-scrape.jfr");
    }

    /** Keeps a recording for `jfr print` or JDK Mission Control: the work directory goes at the end. */
    private static void keep(Path jfr, String name) throws IOException {
        if (Files.exists(jfr)) {
            Path kept = Path.of(System.getProperty("java.io.tmpdir"), name);
            Files.copy(jfr, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("Profile kept in " + kept);
        }
    }

    /** JVM options that record a JFR profile to {@code jfr}, with stacks deep enough for Spring and Streams. */
    private static List<String> profiled(Path jfr) {
        return List.of("-XX:FlightRecorderOptions=stackdepth=256",
                "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }

    /** A publisher whose rate limit stays out of the load's way, ready. */
    private Child startPublisher(String name) throws IOException, InterruptedException {
        return startPublisher(name, List.of());
    }

    private Child startPublisher(String name, List<String> jvmOptions) throws IOException, InterruptedException {
        return Child.service(name, "planwatch.publisher.jar", options.workDir(), PUBLISHER_HEAP, jvmOptions,
                Map.of("PROGRESS_ADMIN_TOKEN", admin), "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--planwatch.security.rate-limit.per-second=1000000", "--planwatch.security.rate-limit.burst=1000000")
                .start().awaitReady(Duration.ofMinutes(2));
    }

    /** @param name the processing guarantee, or another name for an exactly-once instance of its own */
    private Child startAggregator(String name, List<String> jvmOptions, String... extra) throws IOException {
        String guarantee = name.equals("at_least_once") ? name : "exactly_once_v2";
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.streams.application-id=bench-" + name,
                "--spring.kafka.streams.state-dir=" + options.workDir().resolve("state-" + name),
                "--spring.kafka.streams.properties.processing.guarantee=" + guarantee,
                // An evaluation pass every 15 s (one a minute by default): the scrape's timed run spans
                // more than one interval, so it holds the first scrape after a pass, which renders
                // again what the pass changed.
                "--planwatch.aggregator.evaluation-interval=" + EVALUATION_INTERVAL.toSeconds() + "s"));
        args.addAll(List.of(extra));
        return Child.service("aggregator-" + name, "planwatch.aggregator.jar", options.workDir(), "1g", jvmOptions,
                Map.of("PROGRESS_ADMIN_TOKEN", admin), args.toArray(String[]::new)).start();
    }

    /** A group's rate from its first committed offset to the last, and when that was. */
    record CaughtUp(double rate, Profile.Window window) {
    }

    /** Events/s from the first committed offset to the last: JVM start and catalog load left out. */
    private CaughtUp awaitCaughtUp(Child aggregator, String group, Admin kafkaAdmin, long total) throws Exception {
        long entered = System.nanoTime();
        Instant enteredAt = Instant.now();
        long firstAt = 0;
        long firstCommitted = 0;
        Instant from = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (Instant.now().isBefore(deadline)) {
            long committed = committed(kafkaAdmin, group);
            long now = System.nanoTime();
            if (firstAt == 0 && committed > 0) {
                firstAt = now;
                firstCommitted = committed;
                from = Instant.now();
            }
            if (committed >= total && firstAt == now) {
                // The first commit held the whole topic (a topic as small as the quick configuration's
                // and a fast consumer): no two commits to time between. Counted from when it was
                // started instead (its start and first rebalance included), a lower bound.
                table.note(group + " committed the whole topic in its first commit: its rate is counted from its start, "
                        + "a lower bound.");
                return new CaughtUp(total / ((now - entered) / 1e9), new Profile.Window(enteredAt, Instant.now()));
            }
            if (committed >= total) {
                return new CaughtUp((total - firstCommitted) / ((now - firstAt) / 1e9), new Profile.Window(from, Instant.now()));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(group + " did not catch up; see the aggregator's log in " + options.workDir());
    }

    private long committed(Admin kafkaAdmin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafkaAdmin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals("progress." + Fill.PROGRAM))
                .mapToLong(e -> e.getValue() == null ? 0 : e.getValue().offset()).sum();
    }

    private Map<TopicPartition, Long> endOffsets(Admin kafkaAdmin) throws Exception {
        var partitions = kafkaAdmin.describeTopics(List.of("progress." + Fill.PROGRAM)).allTopicNames().get()
                .get("progress." + Fill.PROGRAM).partitions().stream()
                .map(p -> new TopicPartition("progress." + Fill.PROGRAM, p.partition())).toList();
        var answer = kafkaAdmin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get();
        Map<TopicPartition, Long> ends = new HashMap<>();
        answer.forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /**
     * POST acknowledged → value visible on the aggregator's /actuator/prometheus, at the configured
     * rate, as batches of 10 events (one POST every 10 ms at 1,000 events/s: the single-event POST
     * does not reach that rate on this machine, see its row).
     */
    private void endToEnd(Child aggregator, int initiatives) throws Exception {
        try (Child publisher = startPublisher("publisher-e2e")) {
            String token = token(publisher);
            long offset = 2_000_000_000L;
            Map<String, List<long[]>> seen = new ConcurrentHashMap<>();
            Map<Long, Long> ackedAt = new ConcurrentHashMap<>();
            Pattern kpi = Pattern.compile("^initiative_kpi_value\\{[^}]*initiative=\"(e2e-\\d+)\"[^}]*}\\s+(\\S+)$", Pattern.MULTILINE);
            // Polled 20 times a second for the one family the run writes: a back-to-back poll of the whole
            // page took a core of this 2-core machine away from the pipeline it was timing.
            java.util.concurrent.ScheduledExecutorService scraper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            scraper.scheduleWithFixedDelay(() -> {
                    try {
                        String text = Child.get(aggregator.management() + "/actuator/prometheus?includedNames=initiative_kpi_value")
                                .body();
                        long at = System.nanoTime();
                        Matcher m = kpi.matcher(text);
                        while (m.find()) {
                            long value = (long) Double.parseDouble(m.group(2));
                            if (value >= offset) {
                                List<long[]> samples = seen.computeIfAbsent(m.group(1), k -> new ArrayList<>());
                                synchronized (samples) {
                                    samples.add(new long[] {value, at});
                                }
                            }
                        }
                    }
                    catch (Exception e) {
                        // next scrape
                    }
            }, 0, 50, TimeUnit.MILLISECONDS);
            java.util.function.BiFunction<Long, Long, String> batchOf = (i, base) -> {
                StringBuilder batch = new StringBuilder("{\"events\":[");
                for (int k = 0; k < 10; k++) {
                    long j = i * 10 + k;
                    batch.append(k == 0 ? "" : ",").append("{\"initiativeId\":\"").append(Fill.idOf(Fill.E2E_PROGRAM, (int) (j % 100)))
                            .append("\",\"kpis\":{\"n\":").append(base + j).append("},\"reportedBy\":\"bench\"}");
                }
                return batch.append("]}").toString();
            };
            // Warm-up at the same rate, with values below the measured ones: JIT, connections and
            // caches settle before the figure is taken, as in the other runs. As long as the run: the
            // publisher has just started, and its JIT compiler alone took most of a core for the
            // first 20 seconds (JFR), on a machine the pipeline shares.
            HttpLoad.paced(options.e2eRate() / 10.0, options.window().multipliedBy(2), 32,
                    i -> status(send(publisher.url() + "/api/v1/events", token, batchOf.apply(i, 0L))) == 200 ? 10 : 0);
            String beforeRun = Child.get(aggregator.management() + "/actuator/prometheus?includedNames=progress_fold_delay_seconds")
                    .body();
            String deskBefore = Child.get(publisher.management() + "/actuator/prometheus?includedNames=planwatch_desk_delay_seconds")
                    .body();
            HttpLoad.Latency post = HttpLoad.paced(options.e2eRate() / 10.0, options.window(), 32, i -> {
                HttpResponse<String> r = send(publisher.url() + "/api/v1/events", token, batchOf.apply(i, offset));
                if (r.statusCode() == 200 && r.body().contains("\"accepted\":10,")) {
                    long at = System.nanoTime();
                    for (int k = 0; k < 10; k++) {
                        ackedAt.put(i * 10 + k, at);
                    }
                    return 10;
                }
                return 0;
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<Long> latencies = new ArrayList<>();
            for (var e : ackedAt.entrySet()) {
                long i = e.getKey();
                String id = Fill.idOf(Fill.E2E_PROGRAM, (int) (i % 100));
                long n = offset + i;
                Long visible = null;
                while (visible == null && System.nanoTime() < deadline) {
                    List<long[]> samples = seen.getOrDefault(id, List.of());
                    synchronized (samples) {
                        for (long[] s : new ArrayList<>(samples)) {
                            if (s[0] >= n && s[1] >= e.getValue() - TimeUnit.SECONDS.toNanos(5)) {
                                visible = visible == null ? s[1] : Math.min(visible, s[1]);
                            }
                        }
                    }
                    if (visible == null) {
                        Thread.sleep(50);
                    }
                }
                latencies.add(visible == null ? Long.MAX_VALUE : Math.max(0, visible - e.getValue()));
            }
            scraper.shutdownNow();
            scraper.awaitTermination(30, TimeUnit.SECONDS);
            java.util.Collections.sort(latencies);
            double p50 = HttpLoad.percentile(latencies, 0.5);
            double p99 = HttpLoad.percentile(latencies, 0.99);
            table.add("End to end (POST acknowledged → on /actuator/prometheus) at " + options.e2eRate()
                    + " events/s, " + initiatives + " initiatives, p50 / p99 ms", String.format("%.0f / %.0f", p50, p99),
                    "sent at " + fmt(post.perSecond() * 10) + " events/s; includes the scrape (of initiative_kpi_value, every 50 ms)",
                    null, "p99 ≤ 500 ms", p99 <= 500);
            String exposition = Child.get(aggregator.management() + "/actuator/prometheus").body();
            String[] fold = foldDelay(beforeRun, exposition);
            table.add("… of which publisher received → aggregator counted (progress_fold_delay_seconds, bucket bounds), p50 / p99 ms",
                    "≤ " + fold[0] + " / ≤ " + fold[1], "the aggregator's own histogram, over the measured run", null, null, null);
            String[] desk = delayBounds("planwatch_desk_delay_seconds", deskBefore,
                    Child.get(publisher.management() + "/actuator/prometheus?includedNames=planwatch_desk_delay_seconds").body());
            table.add("A report's verdict on the desk (publisher received → in the desk's view, through initiative-status, "
                    + "from the first report a record carries; planwatch_desk_delay_seconds, bucket bounds) at "
                    + options.e2eRate() + " events/s, p50 / p99 ms",
                    "≤ " + desk[0] + " / ≤ " + desk[1], "the publisher's own histogram, over the measured run", null,
                    "p99 ≤ 1000 ms", desk[1].equals("?") || desk[1].equals("∞") ? Boolean.FALSE
                            : Double.valueOf(Double.parseDouble(desk[1].replace(",", ""))) <= 1000);
            table.note("Kafka Streams' thread during the end-to-end run (its own metrics, last window): commit latency avg "
                    + streamsMetric(exposition, "kafka_stream_thread_commit_latency_avg") + " ms, poll latency avg "
                    + streamsMetric(exposition, "kafka_stream_thread_poll_latency_avg") + " ms, records processed/s "
                    + streamsMetric(exposition, "kafka_stream_thread_process_rate") + ".");
            publisher.stop();
        }
    }

    private static String streamsMetric(String exposition, String name) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*}\\s+(\\S+)$", Pattern.MULTILINE).matcher(exposition);
        return m.find() ? fmt(Double.parseDouble(m.group(1))) : "?";
    }

    /** The fold delay's p50 and p99 as bucket bounds (ms), over what the histogram counted between two scrapes. */
    static String[] foldDelay(String before, String after) {
        return delayBounds("progress_fold_delay_seconds", before, after);
    }

    /** A histogram's p50 and p99 as bucket bounds (ms), over what it counted between two scrapes. */
    static String[] delayBounds(String histogram, String before, String after) {
        java.util.TreeMap<Double, Double> cumulative = buckets(histogram, after);
        java.util.TreeMap<Double, Double> earlier = buckets(histogram, before);
        if (earlier.isEmpty()) {
            return new String[] {"?", "?"}; // the warm-up counted events: no buckets before the run means no reading
        }
        earlier.forEach((le, count) -> cumulative.merge(le, -count, Double::sum));
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        if (total <= 0) {
            return new String[] {"?", "?"};
        }
        String[] bounds = new String[2];
        double[] quantiles = {0.5, 0.99};
        for (int i = 0; i < 2; i++) {
            for (var bucket : cumulative.entrySet()) {
                if (bucket.getValue() >= quantiles[i] * total) {
                    bounds[i] = Double.isInfinite(bucket.getKey()) ? "∞" : fmt(bucket.getKey() * 1000);
                    break;
                }
            }
        }
        return bounds;
    }

    private static java.util.TreeMap<Double, Double> buckets(String histogram, String exposition) {
        Matcher m = Pattern.compile("^" + histogram + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*}\\s+(\\S+)$",
                Pattern.MULTILINE).matcher(exposition);
        java.util.TreeMap<Double, Double> cumulative = new java.util.TreeMap<>();
        while (m.find()) {
            double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            cumulative.merge(le, Double.parseDouble(m.group(2)), Double::sum);
        }
        return cumulative;
    }

    private void scrape(Child aggregator, int size) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            // The one family that counts the initiatives, not the whole page (57 MB at 50,000) every second.
            text = Child.get(aggregator.management() + "/actuator/prometheus?includedNames=initiative").body();
            if (count(text, "\ninitiative_info{") >= size) {
                break;
            }
            Thread.sleep(1000);
        }
        List<Long> times = new ArrayList<>();
        List<Profile.Window> windows = new ArrayList<>();
        long bytes = 0;
        // Recorded from here, in the running JVM: what the timed scrapes waited for, the slowest's too.
        Path jfr = options.workDir().resolve("scrape-" + size + ".jfr");
        aggregator.jcmd("JFR.start", "name=scrapes", "settings=profile", "filename=" + jfr);
        // Ten scrapes to warm up (Prometheus scrapes an instance all its life; a cold JIT is not its
        // steady state, and the 10,000 scrape follows a restart), then seven timed, spread over more
        // than one evaluation interval so that one of them is the first after a pass.
        Duration spacing = EVALUATION_INTERVAL.dividedBy(6);
        List<Long> floor = new ArrayList<>();
        PlainServer plain = null;
        try {
            for (int i = -10; i < 7; i++) {
                if (i == 0) {
                    // The floor: the same number of bytes from a server that only writes them, read
                    // the same way right after each timed scrape, so both see the same minute.
                    plain = new PlainServer(Math.toIntExact(bytes));
                    for (int w = 0; w < 10; w++) {
                        Scraper.get(plain.port(), "/");
                    }
                }
                // Until the last byte is in, read as a scraper reads it: into a buffer, not decoded.
                Instant from = Instant.now();
                long start = System.nanoTime();
                bytes = Scraper.get(aggregator.managementPort, "/actuator/prometheus");
                if (i >= 0) {
                    times.add(System.nanoTime() - start);
                    windows.add(new Profile.Window(from, Instant.now()));
                    long plainStart = System.nanoTime();
                    Scraper.get(plain.port(), "/");
                    floor.add(System.nanoTime() - plainStart);
                    // Pacing the scrapes, as Prometheus does; nothing is awaited here.
                    Thread.sleep(spacing.toMillis());
                }
            }
        }
        finally {
            if (plain != null) {
                plain.close();
            }
        }
        aggregator.jcmd("JFR.stop", "name=scrapes");
        table.note("The same bytes from a plain socket server (PlainServer), each read right after the timed scrape above it, "
                + "at " + size + " initiatives, ms: " + floor.stream().map(t -> String.format("%.0f", t / 1e6))
                        .collect(Collectors.joining(", ")));
        // In the order taken, so the one after an evaluation pass shows.
        table.note("The timed scrapes at " + size + " initiatives in the order taken, " + spacing.toMillis() / 1000.0
                + " s apart, ms: " + times.stream().map(t -> String.format("%.0f", t / 1e6)).collect(Collectors.joining(", ")));
        Profile.Window slowest = windows.get(times.indexOf(java.util.Collections.max(times)));
        table.note("Within the seven timed scrapes at " + size + " initiatives (JFR): " + Profile.within(jfr, windows, 4)
                + ". Within the slowest alone: " + Profile.within(jfr, List.of(slowest), 4));
        table.note("Profile of the aggregator within the slowest scrape at " + size + ", our methods with their callees: "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 6, slowest.from(), slowest.to())));
        keep(jfr, "planwatch-bench-scrape-" + size + ".jfr");
        java.util.Collections.sort(times);
        double median = times.get(times.size() / 2) / 1e6;
        double max = times.get(times.size() - 1) / 1e6;
        java.util.Collections.sort(floor);
        double floorMedian = floor.get(floor.size() / 2) / 1e6;
        double floorMax = floor.get(floor.size() - 1) / 1e6;
        // Judged on the slowest: every scrape should meet it, the one after an evaluation pass too.
        String goal = size == 10_000 ? "≤ 100 ms" : size == 50_000 ? "≤ 500 ms" : null;
        Boolean met = size == 10_000 ? Boolean.valueOf(max <= 100) : size == 50_000 ? Boolean.valueOf(max <= 500) : null;
        table.add("Scrape of /actuator/prometheus at " + size + " initiatives, median / max of 7 spread over "
                + EVALUATION_INTERVAL.multipliedBy(7).dividedBy(6).toSeconds() + " s, one after an evaluation pass, ms (size)",
                String.format("%.0f / %.0f (%.1f MB)", median, max, bytes / 1e6),
                String.format("%.0f / %.0f from a plain socket server, same size", floorMedian, floorMax),
                median / floorMedian, goal, met);
        long inUse = aggregator.heapUsedMiB();
        long live = aggregator.heapLiveMiB();
        table.add("Aggregator heap live after a full GC / in use after the scrapes / peak RSS at " + size + " initiatives, MiB",
                live + " / " + inUse + " / " + aggregator.peakRssMiB(), null, null, size == 50_000 ? "heap ≤ 512 MB" : null,
                size == 50_000 ? Boolean.valueOf(live <= 512) : null);
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private String token(Child publisher) throws Exception {
        return token(publisher, "{\"role\":\"department\",\"department\":\"" + Fill.DEPARTMENT + "\",\"label\":\"bench\"}");
    }

    private String token(Child publisher, String request) throws Exception {
        HttpResponse<String> r = send(publisher.url() + "/api/v1/tokens", admin, request);
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("Cannot issue a token: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    private void awaitCatalog(Child publisher, String token, int size) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = Child.HTTP.send(HttpRequest.newBuilder(URI.create(publisher.url() + "/api/v1/initiatives"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (count(r.body(), "\"id\":\"bench-") + count(r.body(), "\"id\":\"http-") >= size) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The publisher did not see the catalog");
    }

    private static String eventsJson(int n) {
        StringBuilder json = new StringBuilder("{\"events\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append("{\"initiativeId\":\"").append(Fill.httpId(i % 100))
                    .append("\",\"kpis\":{\"n\":").append(i).append("},\"reportedBy\":\"bench\"}");
        }
        return json.append("]}").toString();
    }

    private static HttpResponse<String> send(String url, String token, String body) throws IOException, InterruptedException {
        return Child.HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(HttpResponse<String> response) {
        return response.statusCode();
    }

    private static String fmt(double value) {
        return String.format("%,.0f", value);
    }
}
