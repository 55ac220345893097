package org.planwatch.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The eventIds the publisher acknowledged (202) for one file and one publisher, one per
 * line, appended and forced to disk after each batch. A re-run skips them, so an import
 * that crashed or lost the network resumes where it stopped instead of sending everything
 * again. It is an optimisation and a report, not the guarantee: the eventIds themselves
 * make a repeat harmless (the aggregator counts each once), so losing the journal costs
 * only time.
 */
final class Journal implements AutoCloseable {

    private final Path path;

    private final Set<String> acknowledged;

    private FileChannel channel;

    private Journal(Path path, Set<String> acknowledged) {
        this.path = path;
        this.acknowledged = acknowledged;
    }

    /**
     * {@code ~/.planwatch-import/<sha256 of the file>-<sha256 of the URL, 12 hex>.sent}.
     * The URL is in the name so that trying a file on a test publisher first does not
     * make the real one skip it.
     */
    static Path defaultPath(Path home, byte[] content, String url) {
        String file = HexFormat.of().formatHex(sha256(content));
        String server = HexFormat.of().formatHex(sha256(url.replaceAll("/+$", "").getBytes(StandardCharsets.UTF_8)));
        return home.resolve(".planwatch-import").resolve(file + "-" + server.substring(0, 12) + ".sent");
    }

    /**
     * Reads what an earlier run acknowledged, if anything. Writes nothing until
     * {@link #add}.
     */
    static Journal open(Path path) throws IOException {
        Set<String> ids = new HashSet<>();
        if (Files.exists(path)) {
            Files.readAllLines(path, StandardCharsets.UTF_8)
                .stream()
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .forEach(ids::add);
        }
        return new Journal(path, ids);
    }

    boolean contains(String eventId) {
        return acknowledged.contains(eventId);
    }

    Path path() {
        return path;
    }

    /** Records acknowledged ids durably before the importer moves on. */
    void add(List<String> eventIds) throws IOException {
        if (eventIds.isEmpty()) {
            return;
        }
        if (channel == null) {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        StringBuilder lines = new StringBuilder();
        eventIds.forEach(id -> lines.append(id).append('\n'));
        ByteBuffer buffer = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        acknowledged.addAll(eventIds);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

}
