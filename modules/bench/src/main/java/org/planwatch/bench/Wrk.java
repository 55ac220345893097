package org.planwatch.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop saturation from wrk (Debian's {@code wrk}), the load generator the
 * publisher and the Pushgateway share when it is installed. Written in C, it needs far
 * less CPU than the harness's JDK HttpClient, so the servers, not the generator, set the
 * rate. Open-loop latency stays with {@link HttpLoad#paced}: wrk counts latency from the
 * send, so a stalled server would hide its stall (coordinated omission).
 */
final class Wrk {

    /**
     * Requests that differ only in a counter {@code n}: the path is
     * {@code pathPrefix + (n % pathCycle) +
     * pathSuffix}, the body {@code bodyPrefix + n + bodySuffix}, as
     * {@link HttpLoad.Call}s get their index.
     */
    record Request(String method, String url, String pathPrefix, int pathCycle, String pathSuffix,
            Map<String, String> headers, String bodyPrefix, String bodySuffix) {
    }

    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)\\b");

    /**
     * A line of the distribution {@code --latency} prints, e.g. {@code 99%   12.34ms}.
     */
    private static final Pattern PERCENTILE = Pattern.compile("^\\s*(50|90|99)%\\s+([\\d.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);

    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    private static final Pattern SOCKET_ERRORS = Pattern
        .compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private Wrk() {
    }

    /** wrk on the PATH, or null. */
    static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** One thread with {@code connections} keep-alive connections, for {@code window}. */
    static HttpLoad.Rate saturate(Path wrk, int connections, Duration window, Request request, Path workDir)
            throws IOException, InterruptedException {
        Path script = Files.createTempFile(workDir, "wrk-", ".lua");
        Files.writeString(script, lua(request), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(
                List.of(wrk.toString(), "-t1", "-c" + connections, "-d" + window.toSeconds() + "s", "--latency",
                        "--timeout", "30s", "-s", script.toString(), request.url()));
        Path output = Files.createTempFile(workDir, "wrk-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = process.waitFor(window.toSeconds() + 60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        if (!ended || process.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return parse(out);
    }

    static HttpLoad.Rate parse(String out) {
        Matcher requests = REQUESTS.matcher(out);
        if (!requests.find()) {
            throw new IllegalStateException("No request count in wrk's output: " + out);
        }
        long total = Long.parseLong(requests.group(1));
        double amount = Double.parseDouble(requests.group(2));
        double seconds = switch (requests.group(3)) {
            case "us" -> amount / 1e6;
            case "ms" -> amount / 1e3;
            case "m" -> amount * 60;
            default -> amount;
        };
        Matcher non2xx = NON_2XX.matcher(out);
        long failed = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher socket = SOCKET_ERRORS.matcher(out);
        long socketErrors = 0;
        if (socket.find()) {
            // Connect, read and write errors; not wrk's timeouts, which count a request
            // still outstanding at each tick and may yet be answered (and counted above).
            for (int g = 1; g <= 3; g++) {
                socketErrors += Long.parseLong(socket.group(g));
            }
        }
        List<String> percentiles = new ArrayList<>();
        Matcher percentile = PERCENTILE.matcher(out);
        while (percentile.find()) {
            percentiles.add("p" + percentile.group(1) + " " + percentile.group(2) + " " + percentile.group(3));
        }
        String detail = "wrk's latency from the send: "
                + (percentiles.isEmpty() ? "not printed" : String.join(", ", percentiles)) + "; non-2xx answers "
                + failed + ", socket errors " + socketErrors;
        return new HttpLoad.Rate(total - failed, failed + socketErrors, Duration.ofNanos((long) (seconds * 1e9)),
                detail);
    }

    static String lua(Request request) {
        StringBuilder headers = new StringBuilder("{");
        request.headers()
            .forEach((name,
                    value) -> headers.append('[').append(quote(name)).append("]=").append(quote(value)).append(','));
        headers.append('}');
        return "local n = 0\n" + "local headers = " + headers + "\n" + "request = function()\n" + "  n = n + 1\n"
                + "  return wrk.format(" + quote(request.method()) + ", " + quote(request.pathPrefix()) + " .. (n % "
                + request.pathCycle() + ") .. " + quote(request.pathSuffix()) + ", headers, "
                + quote(request.bodyPrefix()) + " .. n .. " + quote(request.bodySuffix()) + ")\n" + "end\n";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

}
