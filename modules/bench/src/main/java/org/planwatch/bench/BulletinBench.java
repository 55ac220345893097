package org.planwatch.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.planwatch.bench.Table.Row;
import org.planwatch.process.BootService;

/**
 * A supervision bulletin at a catalog size, through the publisher as a supervisor makes
 * one: the draft generated from the desk's view, then its PDF and its xlsx, each timed,
 * in the publisher's own bounded heap (the child's {@code -Xmx}), with the heap it uses
 * after.
 */
final class BulletinBench {

    static final Map<Integer, Goal> TOTAL = Map.of(10_000, Goal.atMost("≤ 10 s, in bounded heap", 10));

    private BulletinBench() {
    }

    static void measure(Table table, BootService publisher, String supervisorToken, int size, String maxHeap)
            throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> made = send(publisher, supervisorToken, "POST", "/api/v1/bulletins", "{}",
                HttpResponse.BodyHandlers.ofString());
        long generated = System.nanoTime();
        String id = made.statusCode() == 201 ? PublisherApi.json(made.body()).path("id").asString("") : "";
        if (id.isEmpty()) {
            throw new IllegalStateException("Bulletin not generated: " + made.statusCode() + " " + made.body());
        }
        String path = "/api/v1/bulletins/" + id;
        byte[] pdf = document(publisher, supervisorToken, path + "/pdf");
        long pdfDone = System.nanoTime();
        byte[] xlsx = document(publisher, supervisorToken, path + "/xlsx");
        long xlsxDone = System.nanoTime();
        long heap = publisher.heapUsedMiB();
        double total = (xlsxDone - start) / 1e9;
        table.add(Row
            .of("Bulletin (督查通报) of " + size + " initiatives through the publisher: generate, then PDF, then xlsx, "
                    + "s in total", String.format("%.1f", total))
            .reference(String.format(
                    "generate %d ms, PDF %d ms (%d KB), "
                            + "xlsx %d ms (%d KB); the publisher's heap %s, %d MiB in use after",
                    ms(start, generated), ms(generated, pdfDone), pdf.length / 1024, ms(pdfDone, xlsxDone),
                    xlsx.length / 1024, maxHeap, heap))
            .goal(TOTAL.get(size), total));
    }

    private static byte[] document(BootService publisher, String token, String path) throws Exception {
        HttpResponse<byte[]> r = send(publisher, token, "GET", path, null, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body();
    }

    private static <T> HttpResponse<T> send(BootService publisher, String token, String method, String path,
            String body, HttpResponse.BodyHandler<T> handler) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(publisher.url() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofMinutes(2));
        request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return BootService.HTTP.send(request.build(), handler);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }

}
