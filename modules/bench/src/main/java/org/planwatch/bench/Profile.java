package org.planwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording's execution samples say: the methods most often on top of the
 * stack.
 */
final class Profile {

    private Profile() {
    }

    /**
     * Share of samples by the package of the top frame, which says which library the time
     * goes to.
     */
    static List<String> packages(Path recording, int n) throws IOException {
        return packages(recording, n, Instant.MIN, Instant.MAX);
    }

    /**
     * As {@link #packages(Path, int)}, over the samples taken between {@code from} and
     * {@code to}.
     */
    static List<String> packages(Path recording, int n, Instant from, Instant to) throws IOException {
        return shares(recording, from, to, n, stack -> {
            String type = stack.get(0).getMethod().getType().getName();
            String[] parts = type.split("\\.");
            return List.of(parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]
                    : type.substring(0, Math.max(0, type.lastIndexOf('.'))));
        });
    }

    /** Share of samples by the method on top of the stack (self time). */
    static List<String> top(Path recording, int n, Instant from, Instant to) throws IOException {
        return shares(recording, from, to, n, stack -> List
            .of(stack.get(0).getMethod().getType().getName() + "." + stack.get(0).getMethod().getName()));
    }

    /**
     * Share of samples with a frame of a method whose class starts with {@code prefix}
     * anywhere on the stack (each method counted once a sample): where our own code
     * spends, callees included.
     */
    static List<String> inclusive(Path recording, String prefix, int n) throws IOException {
        return inclusive(recording, prefix, n, Instant.MIN, Instant.MAX);
    }

    /**
     * As {@link #inclusive(Path, String, int)}, over the samples taken between
     * {@code from} and {@code to}.
     */
    static List<String> inclusive(Path recording, String prefix, int n, Instant from, Instant to) throws IOException {
        return shares(recording, from, to, n, stack -> {
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : stack) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(prefix)) {
                    seen.add(type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName());
                }
            }
            return seen;
        });
    }

    /** A span of wall-clock time, such as one timed scrape. */
    record Window(Instant from, Instant to) {
        boolean overlaps(Instant start, Instant end) {
            return !start.isAfter(to) && !end.isBefore(from);
        }
    }

    /**
     * What ran within {@code windows}: the GC pauses that overlap them (JFR's
     * {@code jdk.GCPhasePause}) and the execution samples by thread (pool numbers
     * folded), so a slow scrape shows whether it waited for a pause, for the stream
     * thread or for its own work. JFR samples only threads running Java (a few every 10
     * ms): a thread blocked in a socket write is not among them.
     */
    static String within(Path recording, List<Window> windows, int n) throws IOException {
        if (!Files.exists(recording)) {
            return "no recording at " + recording;
        }
        long pauses = 0;
        double pausedMillis = 0;
        double longestMillis = 0;
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            boolean inside = windows.stream().anyMatch(w -> w.overlaps(event.getStartTime(), event.getEndTime()));
            if (!inside) {
                continue;
            }
            if (type.equals("jdk.GCPhasePause")) {
                double millis = event.getDuration().toNanos() / 1e6;
                pauses++;
                pausedMillis += millis;
                longestMillis = Math.max(longestMillis, millis);
            }
            else if (type.equals("jdk.ExecutionSample") && event.getThread("sampledThread") != null) {
                String name = event.getThread("sampledThread").getJavaName();
                threads.merge(folded(name), 1, Integer::sum);
                samples++;
            }
        }
        int total = samples;
        String byThread = threads.entrySet()
            .stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(n)
            .map(e -> String.format("%d %s", e.getValue(), e.getKey()))
            .reduce((a, b) -> a + ", " + b)
            .orElse("none");
        return String
            .format("GC pauses %d, %.0f ms in all, the longest %.0f ms; execution samples (threads running Java) %d, "
                    + "by thread: %s", pauses, pausedMillis, longestMillis, total, byThread);
    }

    /**
     * The machine's CPU by thread (pool numbers folded) through the
     * {@link #CPU_LOAD_PERIOD}s that lie mostly between {@code from} and {@code to}, from
     * JFR's {@code jdk.ThreadCPULoad} (each event a thread's share of all cores over the
     * period before it; the periods are JFR's, not aligned with the run): what the
     * execution samples do not show, such as the JIT compilers' threads. GC threads are
     * not Java threads and are not among them.
     */
    static List<String> threadCpu(Path recording, Instant from, Instant to, int n) throws IOException {
        if (!Files.exists(recording)) {
            return List.of("no recording at " + recording);
        }
        Map<String, Double> load = new HashMap<>();
        // A thread reports once a period (and once more when it ends): the periods are
        // the most reports any one thread made.
        Map<Long, Integer> reports = new HashMap<>();
        // An event covers the period before it: more than half of that period is in the
        // run when the event comes after from + half a period and before to + half a
        // period.
        Instant first = from.plus(CPU_LOAD_PERIOD.dividedBy(2));
        Instant last = to.plus(CPU_LOAD_PERIOD.dividedBy(2));
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.ThreadCPULoad") && event.getStartTime().isAfter(first)
                    && event.getStartTime().isBefore(last) && event.getThread() != null) {
                String name = event.getThread().getJavaName();
                load.merge(folded(name), (double) event.getFloat("user") + event.getFloat("system"), Double::sum);
                reports.merge(event.getThread().getJavaThreadId(), 1, Integer::sum);
            }
        }
        int periods = reports.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (periods == 0) {
            return List.of("no " + CPU_LOAD_PERIOD.toSeconds() + " s period of jdk.ThreadCPULoad mostly in that time");
        }
        return load.entrySet()
            .stream()
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(n)
            .map(e -> String.format("%.0f%% %s", 100 * e.getValue() / periods, e.getKey()))
            .toList();
    }

    /**
     * {@code jdk.ThreadCPULoad}'s period in the JDK's {@code profile} settings, which the
     * harness records with.
     */
    static final Duration CPU_LOAD_PERIOD = Duration.ofSeconds(10);

    /**
     * A thread's name with the numbers of its pool and of its place in it folded to
     * {@code #}.
     */
    static String folded(String name) {
        return name == null ? "?" : name.replaceAll("(?<=-)\\d+|\\d+$", "#");
    }

    /**
     * The {@code n} keys found in most execution samples between {@code from} and
     * {@code to}, with their share of those samples.
     */
    private static List<String> shares(Path recording, Instant from, Instant to, int n,
            Function<List<RecordedFrame>, Collection<String>> keys) throws IOException {
        if (!Files.exists(recording)) {
            return List.of("no recording at " + recording);
        }
        List<List<RecordedFrame>> stacks = stacks(recording, from, to);
        Map<String, Integer> counts = new HashMap<>();
        for (List<RecordedFrame> stack : stacks) {
            keys.apply(stack).forEach(key -> counts.merge(key, 1, Integer::sum));
        }
        int total = stacks.size();
        return counts.entrySet()
            .stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(n)
            .map(e -> String.format("%.1f%% %s", 100.0 * e.getValue() / total, e.getKey()))
            .toList();
    }

    /**
     * The stacks of the recording's execution samples between {@code from} and
     * {@code to}, top frame first.
     */
    private static List<List<RecordedFrame>> stacks(Path recording, Instant from, Instant to) throws IOException {
        List<List<RecordedFrame>> stacks = new ArrayList<>();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null
                    && !event.getStackTrace().getFrames().isEmpty() && !event.getStartTime().isBefore(from)
                    && !event.getStartTime().isAfter(to)) {
                stacks.add(event.getStackTrace().getFrames());
            }
        }
        return stacks;
    }

}
