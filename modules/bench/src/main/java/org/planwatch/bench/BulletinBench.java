package org.planwatch.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A supervision bulletin at a catalog size, through the publisher as a supervisor makes one: the
 * draft generated from the desk's view, then its PDF and its xlsx, each timed, in the publisher's
 * own bounded heap (the child's {@code -Xmx}), with the heap it uses after.
 */
final class BulletinBench {

    private static final Pattern NUMBER = Pattern.compile("\"number\":(\\d+)");

    private BulletinBench() {
    }

    static void measure(Table table, Child publisher, String supervisorToken, int size, String maxHeap)
            throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> made = send(publisher, supervisorToken, "POST", "/api/v1/bulletins", "{}",
                HttpResponse.BodyHandlers.ofString());
        long generated = System.nanoTime();
        Matcher m = NUMBER.matcher(made.body());
        if (made.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("Bulletin not generated: " + made.statusCode() + " " + made.body());
        }
        String path = "/api/v1/bulletins/" + m.group(1);
        byte[] pdf = document(publisher, supervisorToken, path + "/pdf");
        long pdfDone = System.nanoTime();
        byte[] xlsx = document(publisher, supervisorToken, path + "/xlsx");
        long xlsxDone = System.nanoTime();
        long heap = publisher.heapUsedMiB();
        double total = (xlsxDone - start) / 1e9;
        table.add("Bulletin (督查通报) of " + size + " initiatives through the publisher: generate, then PDF, then xlsx, "
                + "s in total", String.format("%.1f", total), String.format("generate %d ms, PDF %d ms (%d KB), "
                        + "xlsx %d ms (%d KB); the publisher's heap %s, %d MiB in use after", ms(start, generated),
                        ms(generated, pdfDone), pdf.length / 1024, ms(pdfDone, xlsxDone), xlsx.length / 1024, maxHeap,
                        heap), null, size == 10_000 ? "≤ 10 s, in bounded heap" : null,
                size == 10_000 ? Boolean.valueOf(total <= 10) : null);
    }

    private static byte[] document(Child publisher, String token, String path) throws Exception {
        HttpResponse<byte[]> r = send(publisher, token, "GET", path, null, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body();
    }

    private static <T> HttpResponse<T> send(Child publisher, String token, String method, String path, String body,
            HttpResponse.BodyHandler<T> handler) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(publisher.url() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2));
        request = body == null ? request.GET() : request.method(method, HttpRequest.BodyPublishers.ofString(body));
        return Child.HTTP.send(request.build(), handler);
    }

    private static long ms(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
