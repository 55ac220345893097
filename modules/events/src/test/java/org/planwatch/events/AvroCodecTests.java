package org.planwatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.AccessToken;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.DeclaredHealth;
import org.planwatch.events.avro.EventSource;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeAlert;
import org.planwatch.events.avro.InitiativeState;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.ProgressEvent;
import org.planwatch.events.avro.RollupUpdate;

class AvroCodecTests {

    private final AvroCodec<ProgressEvent> codec = AvroCodec.of(ProgressEvent.class);

    @Test
    void currentVersionRoundTripsWithChineseText() {
        ProgressEvent event = event("e-1");
        ProgressEvent decoded = codec.decode(codec.encode(event));
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.getNote()).isEqualTo("洋楼招商已签约十二栋");
    }

    @Test
    void encodedRecordCarriesTheSingleObjectHeaderWithTheSchemaFingerprint() {
        byte[] bytes = codec.encode(event("e-2"));
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(ProgressEvent.getClassSchema()));
    }

    @Test
    void encodingIsAvrosSingleObjectEncodingByteForByte() throws IOException {
        BinaryMessageEncoder<ProgressEvent> avros = new BinaryMessageEncoder<>(
                SpecificData.getForClass(ProgressEvent.class), ProgressEvent.getClassSchema());
        ProgressEvent small = event("e-5");
        // Longer than the encoder's buffer, so the body reaches the output in more than
        // one flush.
        ProgressEvent large = event("e-6");
        large.setNote("洋楼".repeat(3_000));
        // Larger than the buffer a thread keeps: the next one starts afresh.
        ProgressEvent huge = event("e-9");
        huge.setNote("洋楼".repeat(40_000));
        for (ProgressEvent event : List.of(small, large, small, huge, small, large)) {
            assertThat(codec.encode(event)).isEqualTo(bytes(avros.encode(event)));
        }
    }

    @Test
    void aFailedEncodeLeavesNothingInTheNextOne() throws IOException {
        ProgressEvent broken = event("e-7");
        broken.setDepartment(null); // not nullable; the fields before it are already
                                    // written when it fails
        assertThatThrownBy(() -> codec.encode(broken)).isInstanceOf(IllegalArgumentException.class);

        ProgressEvent event = event("e-8");
        assertThat(codec.encode(event))
            .isEqualTo(bytes(new BinaryMessageEncoder<ProgressEvent>(SpecificData.getForClass(ProgressEvent.class),
                    ProgressEvent.getClassSchema())
                .encode(event)));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Test
    void recordWrittenWithReleaseOneDecodesIntoTheCurrentClass() throws IOException {
        Schema v1 = SchemaHistory.get().releasesOf(ProgressEvent.getClassSchema().getFullName()).get(0);
        assertThat(v1.getField("supersedes")).as("release 1 predates corrections").isNull();

        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "old-1");
        old.put("initiativeId", "yanglou-zhaoshang");
        old.put("occurredAt", 1_550_000_000_000L);
        old.put("receivedAt", 1_550_000_100_000L);
        old.put("reportedBy", "张三");
        old.put("department", "commerce");
        old.put("percentComplete", 40.0);
        old.put("kpis", Map.of("buildings-leased", 12.0));
        old.put("milestonesReached", List.of());
        old.put("declaredHealth",
                new GenericData.EnumSymbol(v1.getField("declaredHealth").schema().getTypes().get(1), "AT_RISK"));
        old.put("note", null);
        old.put("source", new GenericData.EnumSymbol(v1.getField("source").schema(), "IMPORT"));
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);

        ProgressEvent decoded = codec.decode(toArray(written));

        assertThat(decoded.getEventId()).isEqualTo("old-1");
        assertThat(decoded.getReportedBy()).isEqualTo("张三");
        assertThat(decoded.getPercentComplete()).isEqualTo(40.0);
        assertThat(decoded.getKpis()).containsEntry("buildings-leased", 12.0);
        assertThat(decoded.getDeclaredHealth()).isEqualTo(DeclaredHealth.AT_RISK);
        assertThat(decoded.getSource()).isEqualTo(EventSource.IMPORT);
        assertThat(decoded.getSupersedes()).isNull();
    }

    @Test
    void aStateWrittenWithReleaseOneDecodesWithItsCatalogEntry() throws IOException {
        Schema v1 = SchemaHistory.get().releasesOf(InitiativeState.getClassSchema().getFullName()).get(0);
        assertThat(v1.getField("initiative").schema().getType()).as("release 1 always held the entry")
            .isEqualTo(Schema.Type.RECORD);
        Initiative entry = Initiative.newBuilder()
            .setId("yanglou")
            .setName("小洋楼招商")
            .setProgram("economy")
            .setDepartment("commerce")
            .setStartDate(LocalDate.of(2019, 1, 1))
            .setDueDate(LocalDate.of(2019, 12, 31))
            .setUpdatedAt(Instant.parse("2019-01-01T00:00:00Z"))
            .setUpdatedBy("plan")
            .build();
        InitiativeState state = InitiativeState.newBuilder().setInitiative(entry).setEventsCounted(7).build();
        // Written with release 1's schema (its fingerprint in the header), as an
        // aggregator of that version did.
        ByteBuffer written = new BinaryMessageEncoder<InitiativeState>(SpecificData.getForClass(InitiativeState.class),
                v1)
            .encode(state);

        InitiativeState decoded = AvroCodec.of(InitiativeState.class).decode(bytes(written));
        assertThat(decoded.getInitiative()).isEqualTo(entry);
        assertThat(decoded.getEventsCounted()).isEqualTo(7);
    }

    @Test
    void unknownFingerprintIsReportedAsUnknownSchema() {
        byte[] bytes = codec.encode(event("e-3"));
        bytes[5] ^= 0x5A;
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOfSatisfying(UndecodableRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.UNKNOWN_SCHEMA));
    }

    @Test
    void randomBytesAreReportedAsNotAvro() {
        assertThatThrownBy(() -> codec.decode("{\"percent\": 50}".getBytes())).isInstanceOfSatisfying(
                UndecodableRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.NOT_AVRO));
    }

    @Test
    void truncatedBodyIsReportedAsCorrupt() {
        byte[] bytes = codec.encode(event("e-4"));
        byte[] truncated = Arrays.copyOf(bytes, 14);
        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOfSatisfying(UndecodableRecordException.class,
                e -> assertThat(e.reason()).isEqualTo(UndecodableRecordException.Reason.CORRUPT));
    }

    @Test
    void releaseIndexListsEveryReleasedSchemaFile() throws IOException {
        Path releases = Path.of("../../schemas/releases");
        try (Stream<Path> files = Files.list(releases)) {
            assertThat(SchemaHistory.index()).containsExactlyInAnyOrderElementsOf(
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".avsc")).toList());
        }
    }

    @Test
    void currentSchemasAreTheirLatestRelease() {
        for (Schema current : List.of(ProgressEvent.getClassSchema(), Initiative.getClassSchema(),
                InitiativeAlert.getClassSchema(), RollupUpdate.getClassSchema(), AccessToken.getClassSchema(),
                InitiativeState.getClassSchema(), InitiativeStatus.getClassSchema(), Plan.getClassSchema(),
                Bulletin.getClassSchema())) {
            List<Schema> releases = SchemaHistory.get().releasesOf(current.getFullName());
            assertThat(releases).as("releases of %s", current.getName()).isNotEmpty();
            assertThat(SchemaNormalization.parsingFingerprint64(releases.get(releases.size() - 1)))
                .as("schemas/%s.avsc must be released as the last file of its releases", current.getName())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
        }
    }

    static ProgressEvent event(String id) {
        return ProgressEvent.newBuilder()
            .setEventId(id)
            .setInitiativeId("yanglou-zhaoshang")
            .setOccurredAt(Instant.parse("2026-05-01T08:00:00Z"))
            .setReceivedAt(Instant.parse("2026-05-01T08:00:01Z"))
            .setReportedBy("李四")
            .setDepartment("commerce")
            .setPercentComplete(35.0)
            .setKpis(Map.of("buildings-leased", 12.0))
            .setMilestonesReached(List.of("m1"))
            .setDeclaredHealth(DeclaredHealth.ON_TRACK)
            .setNote("洋楼招商已签约十二栋")
            .setSource(EventSource.HTTP)
            .build();
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

}
