package org.planwatch.aggregator.topology;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.planwatch.events.UndecodableRecordException;

/**
 * Why a record went to {@code progress.dlt}. The code is a header and a metric label, so
 * the set is fixed; the detail is free text, in a header only.
 */
enum DeadLetter {

    MISSING_KEY("missing_key"), EMPTY("empty"), NOT_AVRO("not_avro"), UNKNOWN_SCHEMA("unknown_schema"),
    CORRUPT("corrupt"), KEY_MISMATCH("key_mismatch"), UNKNOWN_INITIATIVE("unknown_initiative"),
    INVALID_VALUES("invalid_values"), PLAN_CLOSED("plan_closed"), WRONG_DEPARTMENT("wrong_department");

    static final String REASON = "dlt.reason";
    static final String DETAIL = "dlt.detail";
    static final String TOPIC = "dlt.topic";
    static final String PARTITION = "dlt.partition";
    static final String OFFSET = "dlt.offset";

    private final String code;

    DeadLetter(String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    static DeadLetter of(UndecodableRecordException.Reason reason) {
        return switch (reason) {
            case EMPTY -> EMPTY;
            case NOT_AVRO -> NOT_AVRO;
            case UNKNOWN_SCHEMA -> UNKNOWN_SCHEMA;
            case CORRUPT -> CORRUPT;
        };
    }

    /**
     * The original headers plus where the record came from and why it could not be
     * processed.
     */
    Headers headers(Headers original, RecordMetadata source, String detail) {
        Headers headers = original == null ? new RecordHeaders() : new RecordHeaders(original.toArray());
        headers.add(REASON, code.getBytes(StandardCharsets.UTF_8));
        headers.add(DETAIL, truncate(detail).getBytes(StandardCharsets.UTF_8));
        if (source != null) {
            headers.add(TOPIC, source.topic().getBytes(StandardCharsets.UTF_8));
            headers.add(PARTITION, String.valueOf(source.partition()).getBytes(StandardCharsets.UTF_8));
            headers.add(OFFSET, String.valueOf(source.offset()).getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static String truncate(String detail) {
        String d = detail == null ? "" : detail;
        return d.length() > 500 ? d.substring(0, 500) : d;
    }

}
