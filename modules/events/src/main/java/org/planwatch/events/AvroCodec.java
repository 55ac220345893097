package org.planwatch.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Encodes one generated Avro type with Avro's single-object encoding (a two-byte marker,
 * the 8-byte fingerprint of the writer's schema, then the binary body), and decodes
 * records written with any released version of it. No schema-registry server is involved:
 * the fingerprint is looked up in {@link SchemaHistory}.
 */
public final class AvroCodec<T extends SpecificRecord> {

    static final String GENERATED_PACKAGE = "org.planwatch.events.avro";

    static {
        trustGeneratedPackage();
    }

    /** Avro's single-object marker; the schema's fingerprint follows it. */
    private static final byte[] MARKER = { (byte) 0xC3, (byte) 0x01 };

    /**
     * One buffer per thread (stream threads and request threads encode at once), kept
     * with its grown array and its encoder: Avro's own {@code BinaryMessageEncoder}
     * writes byte by byte into a synchronized {@code ByteArrayOutputStream} and copies
     * the result twice.
     */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private static final int MAX_KEPT_BUFFER = 64 * 1024;

    private final Class<T> type;

    private final byte[] header;

    private final DatumWriter<T> writer;

    private final SpecificData model;

    private final Schema schema;

    private final SchemaStore versions;

    /**
     * A reader per writer's schema met, by fingerprint: Avro's datum readers may be
     * shared by threads, as its own message decoder shares them.
     */
    private final Map<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * One decoder per thread, reset onto each record's bytes: Avro's message decoder
     * makes a new one per record, reading byte by byte from a synchronized stream.
     */
    private static final ThreadLocal<BinaryDecoder[]> DECODERS = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    @SuppressWarnings("unchecked")
    private AvroCodec(Class<T> type, Schema schema) {
        this.type = type;
        SpecificData model = SpecificData.getForClass(type);
        this.header = ByteBuffer.allocate(MARKER.length + 8)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(MARKER)
            .putLong(SchemaNormalization.parsingFingerprint64(schema))
            .array();
        this.writer = (DatumWriter<T>) model.createDatumWriter(schema);
        this.model = model;
        this.schema = schema;
        this.versions = SchemaHistory.get().storeWith(schema);
    }

    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return new AvroCodec<>(type, SpecificData.get().getSchema(type));
    }

    public Class<T> type() {
        return type;
    }

    public byte[] encode(T record) {
        Buffer buffer = BUFFERS.get();
        try {
            // Configured before the reset: an encoder reused after a failed encode first
            // flushes what it still held, and the reset drops that.
            buffer.encoder = EncoderFactory.get().binaryEncoder(buffer, buffer.encoder);
            buffer.reset();
            buffer.write(header);
            writer.write(record, buffer.encoder);
            buffer.encoder.flush();
            byte[] bytes = buffer.toByteArray();
            if (buffer.capacity() > MAX_KEPT_BUFFER) {
                // A rare large record (a parent with many children, a long note) does not
                // pin its buffer to the thread for good; up to 200 request threads each
                // keep one.
                BUFFERS.remove();
            }
            return bytes;
        }
        catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("Cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws UndecodableRecordException with a machine-readable reason when the bytes
     * are not a single-object-encoded record of a known version of this type
     */
    public T decode(byte[] bytes) {
        if (bytes == null) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.EMPTY, "record value is null");
        }
        if (bytes.length < header.length) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.NOT_AVRO, "Not enough header bytes");
        }
        if (bytes[0] != MARKER[0] || bytes[1] != MARKER[1]) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.NOT_AVRO,
                    "Unrecognized header bytes: 0x" + HexFormat.of().formatHex(bytes, 0, 2));
        }
        DatumReader<T> reader = readerOf(ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        if (reader == null) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.UNKNOWN_SCHEMA,
                    "unknown schema fingerprint " + fingerprintOf(bytes));
        }
        BinaryDecoder[] decoders = DECODERS.get();
        try {
            decoders[0] = DecoderFactory.get()
                .binaryDecoder(bytes, header.length, bytes.length - header.length, decoders[0]);
            return reader.read(null, decoders[0]);
        }
        catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The reader of records written with the schema of this fingerprint, or null. */
    @SuppressWarnings("unchecked")
    private DatumReader<T> readerOf(long fingerprint) {
        DatumReader<T> reader = readers.get(fingerprint);
        if (reader == null) {
            Schema written = versions.findByFingerprint(fingerprint);
            if (written == null) {
                return null;
            }
            reader = (DatumReader<T>) model.createDatumReader(written, schema);
            readers.put(fingerprint, reader);
        }
        return reader;
    }

    private static String fingerprintOf(byte[] bytes) {
        return bytes.length >= 10 ? HexFormat.of().formatHex(bytes, 2, 10) : "?";
    }

    /**
     * Avro trusts only the classes its validator allows when it reads or copies a record.
     * Ours are added to whatever the deployment trusts (its system properties or its own
     * validator), and through the API, which still works after Avro has read those
     * properties.
     */
    static void trustGeneratedPackage() {
        ClassSecurityPredicate trusted = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(trusted, type -> GENERATED_PACKAGE.equals(type.getPackageName())));
    }

    private static final class Buffer extends ByteArrayOutputStream {

        private BinaryEncoder encoder;

        Buffer() {
            super(1024);
        }

        int capacity() {
            return buf.length;
        }

    }

}
