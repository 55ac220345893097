package org.planwatch.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;

/**
 * Every released version of every wire schema, read from {@code schemas/releases}
 * (shipped in this jar). A reader resolves the fingerprint in a single-object-encoded
 * record's header against this store, so a record written years ago with an older version
 * still decodes into today's class. Adding a schema version means adding its file to
 * {@code schemas/releases} and its index; a test checks the index and that each release
 * still decodes.
 */
public final class SchemaHistory {

    static final String RELEASES = "planwatch/schemas/releases/";

    private static final SchemaHistory INSTANCE = load();

    private final List<Schema> releases;

    private final SchemaStore.Cache store = new SchemaStore.Cache();

    private SchemaHistory(List<Schema> releases) {
        this.releases = List.copyOf(releases);
        this.releases.forEach(store::addSchema);
    }

    public static SchemaHistory get() {
        return INSTANCE;
    }

    /** The released versions of one record type (by full name), oldest first. */
    public List<Schema> releasesOf(String fullName) {
        return releases.stream().filter(s -> s.getFullName().equals(fullName)).toList();
    }

    /**
     * A store for Avro's message decoders that knows every released version plus
     * {@code current}.
     */
    public SchemaStore storeWith(Schema current) {
        SchemaStore.Cache cache = new SchemaStore.Cache();
        releases.forEach(cache::addSchema);
        cache.addSchema(current);
        return cache;
    }

    static List<String> index() {
        try (InputStream in = resource("index.txt");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SchemaHistory load() {
        List<Schema> schemas = new ArrayList<>();
        for (String file : index()) {
            try (InputStream in = resource(file)) {
                // One parser per file: two versions of the same record share a full name.
                schemas.add(new Schema.Parser().parse(in));
            }
            catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + file, e);
            }
        }
        return new SchemaHistory(schemas);
    }

    private static InputStream resource(String name) {
        return Objects.requireNonNull(SchemaHistory.class.getClassLoader().getResourceAsStream(RELEASES + name),
                () -> "Missing schema release on the classpath: " + RELEASES + name);
    }

}
