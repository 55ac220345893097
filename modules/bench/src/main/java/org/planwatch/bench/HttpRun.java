package org.planwatch.bench;

import static org.planwatch.bench.Rig.fmt;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.planwatch.bench.Table.Row;
import org.planwatch.client.KafkaProgressClient;
import org.planwatch.client.Report;
import org.planwatch.process.BootService;
import tools.jackson.databind.JsonNode;

/**
 * The publisher's HTTP paths on a program of their own: the batch POST against Kafka's
 * producer, the single POST at saturation against the Pushgateway and at half saturation
 * for its latency, and the Java client straight to Kafka; profiled with JFR throughout.
 */
final class HttpRun implements Run {

    static final Goal BATCH = Goal.ratioAtLeast(0.50);
    static final Goal SINGLE_AGAINST_PUSHGATEWAY = Goal.ratioAtLeast(2.00);
    static final Goal HALF_SATURATION = Goal.atMost("p99 ≤ 50 ms", 50);

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String measures() {
        return "publisher POSTs beside Kafka's producer and the Pushgateway";
    }

    @Override
    public void measure(Rig rig, Table table) throws Exception {
        // Its own program and topic, gone again at the end: concurrent POSTs reach the
        // partition slightly out of occurredAt order, and the aggregator runs measure the
        // common case, a topic in order.
        rig.programTopic(Fill.HTTP_PROGRAM);
        rig.fill.catalog(Fill.HTTP_PROGRAM, 0, 100);
        Path jfr = rig.workDir().resolve("publisher.jfr");
        Instant saturationFrom;
        Instant saturationTo;
        try (BootService publisher = rig.publisher("publisher", Rig.profiled(jfr))) {
            String token = rig.departmentToken(publisher);
            awaitCatalog(publisher, token, 200);
            String single = publisher.url() + "/api/v1/initiatives/";
            HttpLoad.Call post = i -> PublisherApi
                .post(single + Fill.httpId((int) (i % 100)) + "/events", token,
                        "{\"kpis\":{\"n\":" + i + "},\"reportedBy\":\"bench\"}")
                .statusCode() == 202 ? 1 : 0;
            Wrk.Request posts = new Wrk.Request("POST", publisher.url(), "/api/v1/initiatives/" + Fill.HTTP_ID_PREFIX,
                    100, "/events", Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
                    "{\"kpis\":{\"n\":", "},\"reportedBy\":\"bench\"}");
            // Warm-up twice as long as a measurement: the JIT compiler still takes a
            // share of the machine through a run that follows a warm-up only as long as
            // itself.
            rig.saturate(posts, post);
            rig.saturate(posts, post);
            saturationFrom = Instant.now();
            HttpLoad.Rate saturation = rig.saturate(posts, post);
            saturationTo = Instant.now();
            if (!saturation.detail().isEmpty()) {
                table.note("Single-event POST at saturation: " + saturation.detail() + ".");
            }
            HttpLoad.Latency latency = halfSaturation(rig, publisher, token, saturation.perSecond() / 2);

            String batch = eventsJson(1000);
            HttpLoad.Call batchCall = i -> {
                HttpResponse<String> r = PublisherApi.post(publisher.url() + "/api/v1/events", token, batch);
                return r.statusCode() == 200 ? PublisherApi.accepted(r.body()) : 0;
            };
            // Its own warm-up too: the batch path (a list of a thousand, the per-item
            // results) is code the single POST did not compile.
            HttpLoad.saturate(4, rig.options.window(), batchCall);
            HttpLoad.Rate batches = HttpLoad.saturate(4, rig.options.window(), batchCall);

            Double pushes = Pushgateway.pushesPerSecond(rig, table);
            double producer = rig.limits.producer();
            table.add(Row.of("Batch POST (1000 events a request), events/s", fmt(batches.perSecond()))
                .against(fmt(producer) + " raw producer", batches.perSecond() / producer)
                .goal(BATCH));
            table.add(Row.of("Single-event POST at saturation, events/s", fmt(saturation.perSecond()))
                .against(pushes == null ? "Pushgateway not installed" : fmt(pushes) + " Pushgateway pushes/s",
                        pushes == null ? null : saturation.perSecond() / pushes)
                .goal(SINGLE_AGAINST_PUSHGATEWAY));
            table.add(Row
                .of("Single-event POST at half saturation, p50 / p99 ms",
                        String.format("%.1f / %.1f", latency.p50Millis(), latency.p99Millis()))
                .reference("at " + fmt(latency.perSecond()) + " events/s")
                .goal(HALF_SATURATION, latency.p99Millis()));
            table.note("Load generator of the saturation runs (publisher and Pushgateway): "
                    + (rig.wrk == null
                            ? "the harness's JDK HttpClient, 16 callers (wrk not installed: apt-get install wrk)."
                            : "wrk, one thread, 16 keep-alive connections.")
                    + " Of the latency at half saturation: the harness's open loop (counted from when each"
                    + " call was due), each call"
                    + " written and read by one of 64 threads on its own keep-alive connection. Of the batch"
                    + " runs: the JDK HttpClient.");
            if (saturation.failures() + latency.failures() + batches.failures() > 0) {
                table.note("HTTP failures during the runs: "
                        + (saturation.failures() + latency.failures() + batches.failures()));
            }

            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", rig.bootstrap);
            rig.reportsTopic(Fill.DEPARTMENT);
            try (KafkaProgressClient client = KafkaProgressClient.builder(kafka)
                .clientId("bench")
                .department(Fill.DEPARTMENT)
                .build()) {
                HttpLoad.Rate direct = HttpLoad.saturate(16, rig.options.window(), i -> {
                    client.send(Report.builder(Fill.httpId((int) (i % 100))).kpi("n", i).reportedBy("bench").build());
                    return 1;
                });
                table.add(Row
                    .of("Java client straight to Kafka (16 threads, one blocking send each), events/s",
                            fmt(direct.perSecond()))
                    .against(fmt(producer) + " raw producer", direct.perSecond() / producer));
            }
            table.add(Row.of("Publisher peak RSS / heap in use at the end, MiB",
                    publisher.process().peakRssMiB() + " / " + publisher.heapUsedMiB()));
            publisher.stop();
        }
        table.note("Profile of the publisher over all its HTTP runs (JFR), by package of the top frame: "
                + String.join("; ", Profile.packages(jfr, 10)));
        table.note("Profile of the publisher, our methods with their callees (share of samples): "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 10)));
        // The single POST alone: how much of a request is ours (the controller down to
        // the Kafka send) and how much the web stack around it (everything above
        // ReportController.report).
        table.note("Profile of the publisher through the single-POST saturation run alone, our methods with"
                + " their callees: "
                + String.join("; ", Profile.inclusive(jfr, "org.planwatch", 8, saturationFrom, saturationTo)));
        table.note("The publisher's threads through the single-POST saturation run, share of the machine's CPU"
                + " (JFR jdk.ThreadCPULoad; " + "GC threads are not among them): "
                + String.join("; ", Profile.threadCpu(jfr, saturationFrom, saturationTo, 6)));
        Rig.keep(jfr, "planwatch-bench-publisher.jfr");
        rig.admin.deleteTopics(List.of("progress." + Fill.HTTP_PROGRAM)).all().get();
        rig.fill.remove(Fill.HTTP_PROGRAM, 0, 100);
    }

    /**
     * The single POST's latency in an open loop at {@code perSecond}, after a warm-up at
     * the same rate on the same 64 threads (each keeps its connection): unwarmed, the
     * first second's calls (client code not yet compiled, connections opening) set the
     * whole tail.
     */
    private static HttpLoad.Latency halfSaturation(Rig rig, BootService publisher, String token, double perSecond)
            throws Exception {
        try (LoopbackHttp connections = new LoopbackHttp(publisher.port())) {
            Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Content-Type",
                    "application/json");
            HttpLoad.Call paced = i -> connections
                .call(LoopbackHttp.request("POST", "/api/v1/initiatives/" + Fill.httpId((int) (i % 100)) + "/events",
                        headers, "{\"kpis\":{\"n\":" + i + "},\"reportedBy\":\"bench\"}")) == 202 ? 1 : 0;
            ExecutorService callers = Executors.newFixedThreadPool(64);
            try {
                HttpLoad.paced(perSecond, rig.options.window(), callers, paced);
                return HttpLoad.paced(perSecond, rig.options.window(), callers, paced);
            }
            finally {
                callers.shutdown();
                callers.awaitTermination(120, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Until the publisher lists {@code size} of the bench's and the HTTP runs'
     * initiatives.
     */
    private static void awaitCatalog(BootService publisher, String token, int size) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = BootService.HTTP
                .send(HttpRequest.newBuilder(URI.create(publisher.url() + "/api/v1/initiatives"))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            int listed = 0;
            if (r.statusCode() == 200) {
                for (JsonNode initiative : PublisherApi.json(r.body())) {
                    String id = initiative.path("id").asString("");
                    listed += id.startsWith(Fill.ID_PREFIX) || id.startsWith(Fill.HTTP_ID_PREFIX) ? 1 : 0;
                }
            }
            if (listed >= size) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The publisher did not see the catalog");
    }

    private static String eventsJson(int n) {
        StringBuilder json = new StringBuilder("{\"events\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",")
                .append("{\"initiativeId\":\"")
                .append(Fill.httpId(i % 100))
                .append("\",\"kpis\":{\"n\":")
                .append(i)
                .append("},\"reportedBy\":\"bench\"}");
        }
        return json.append("]}").toString();
    }

}
