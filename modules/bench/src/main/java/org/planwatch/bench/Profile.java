package org.planwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** What a JFR recording's execution samples say: the methods most often on top of the stack. */
final class Profile {

    private Profile() {
    }

    /** Share of samples by the package of the top frame, which says which library the time goes to. */
    static List<String> packages(Path recording, int n) throws IOException {
        if (!Files.exists(recording)) {
            return List.of("no recording at " + recording);
        }
        Map<String, Integer> byPackage = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            String type = event.getStackTrace().getFrames().get(0).getMethod().getType().getName();
            String[] parts = type.split("\\.");
            String key = parts.length > 3 ? parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]
                    : type.substring(0, Math.max(0, type.lastIndexOf('.')));
            byPackage.merge(key, 1, Integer::sum);
            samples++;
        }
        int total = samples;
        return byPackage.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format("%.1f%% %s", 100.0 * e.getValue() / total, e.getKey())).toList();
    }

    static List<String> top(Path recording, int n) throws IOException {
        if (!Files.exists(recording)) {
            return List.of("no recording at " + recording);
        }
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            RecordedFrame frame = event.getStackTrace().getFrames().get(0);
            self.merge(frame.getMethod().getType().getName() + "." + frame.getMethod().getName(), 1, Integer::sum);
            samples++;
        }
        int total = samples;
        return self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format("%.1f%% %s", 100.0 * e.getValue() / total, e.getKey())).toList();
    }

    /**
     * Share of samples with a frame of a method whose class starts with {@code prefix} anywhere on
     * the stack (each method counted once a sample): where our own code spends, callees included.
     */
    static List<String> inclusive(Path recording, String prefix, int n) throws IOException {
        if (!Files.exists(recording)) {
            return List.of("no recording at " + recording);
        }
        Map<String, Integer> within = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                    || event.getStackTrace().getFrames().isEmpty()) {
                continue;
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith(prefix)) {
                    seen.add(type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName());
                }
            }
            seen.forEach(method -> within.merge(method, 1, Integer::sum));
            samples++;
        }
        int total = samples;
        return within.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> String.format("%.1f%% %s", 100.0 * e.getValue() / total, e.getKey())).toList();
    }
}
