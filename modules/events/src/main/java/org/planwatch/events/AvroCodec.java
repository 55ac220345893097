package org.planwatch.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
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

    private final BinaryMessageDecoder<T> decoder;

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
        this.decoder = new BinaryMessageDecoder<>(model, schema, SchemaHistory.get().storeWith(schema));
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
        try {
            return decoder.decode(bytes);
        }
        catch (MissingSchemaException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.UNKNOWN_SCHEMA,
                    "unknown schema fingerprint " + fingerprintOf(bytes));
        }
        catch (BadHeaderException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.NOT_AVRO, e.getMessage());
        }
        catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException(UndecodableRecordException.Reason.CORRUPT,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
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
