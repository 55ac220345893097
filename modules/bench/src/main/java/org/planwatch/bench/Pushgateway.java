package org.planwatch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.planwatch.process.BootService;
import org.planwatch.process.Jdk;

/**
 * The single POST's peer: Debian's prometheus-pushgateway taking one metric a push, as
 * the publisher takes one event a POST, saturated by the same generator.
 */
final class Pushgateway {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-pushgateway");

    private Pushgateway() {
    }

    /** Pushes/s, or null (and a note says so) when the Pushgateway is not installed. */
    static Double pushesPerSecond(Rig rig, Table table) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            table.note("Pushgateway not installed (apt-get install prometheus-pushgateway): no peer figure.");
            return null;
        }
        int port = Jdk.freePort();
        Process gateway = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(rig.workDir().resolve("pushgateway.log").toFile())
            .start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitReady(base);
            Wrk.Request pushes = new Wrk.Request("PUT", base, "/metrics/job/bench/initiative/" + Fill.ID_PREFIX, 100,
                    "", Map.of("Content-Type", "text/plain"), "initiative_kpi_value{kpi=\"n\"} ", "\n");
            HttpLoad.Call push = i -> {
                HttpResponse<String> r = BootService.HTTP.send(HttpRequest
                    .newBuilder(URI.create(base + "/metrics/job/bench/initiative/" + Fill.id((int) (i % 100))))
                    .header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofString("initiative_kpi_value{kpi=\"n\"} " + i + "\n"))
                    .build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() / 100 == 2 ? 1 : 0;
            };
            rig.saturate(pushes, push); // the same warm-up as the publisher
            return rig.saturate(pushes, push).perSecond();
        }
        finally {
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitReady(String base) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        IOException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (BootService.get(base + "/-/ready").statusCode() == 200) {
                    return;
                }
            }
            catch (IOException e) {
                last = e; // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The Pushgateway is not ready after 30 s; see pushgateway.log", last);
    }

}
