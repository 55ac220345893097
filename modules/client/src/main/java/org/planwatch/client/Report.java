package org.planwatch.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.planwatch.events.avro.DeclaredHealth;

/**
 * One progress report on one initiative, with its eventId fixed when the report is made.
 *
 * <p>
 * The eventId is what makes retries safe: every send of this value, by either client and
 * after any number of retries, carries the same eventId, and the aggregator counts an
 * eventId once per initiative. Keep the {@code Report} (or its business key) until a send
 * returns, and send the same one again after a failure, never a rebuilt one without a
 * business key.
 *
 * <p>
 * With a business key (an id the department's own system already has for the report, such
 * as {@code "2026-06 monthly"} or a row id), the eventId is the name-based UUID (version
 * 3) of the UTF-8 bytes of {@code initiativeId + "/" + businessKey}: a system that
 * crashed and rebuilds the report from its own records gets the same eventId again.
 * Without one, it is a random UUID. {@code occurredAt} defaults to the moment the report
 * is made, for the same reason.
 */
public record Report(String eventId, String initiativeId, OffsetDateTime occurredAt, Double percentComplete,
        Map<String, Double> kpis, List<String> milestones, DeclaredHealth declaredHealth, String note,
        String reportedBy, String supersedes) {

    /**
     * What every report of this library carries as its {@code source}: the history shows
     * which tool made it.
     */
    public static final String SOURCE = "client";

    public Report {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(initiativeId, "initiativeId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (reportedBy == null || reportedBy.isBlank()) {
            throw new IllegalArgumentException("reportedBy is required: a person or a system of the department");
        }
        // Avro keeps milliseconds: both clients then send exactly the same instant.
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        kpis = kpis == null ? Map.of() : Map.copyOf(kpis);
        milestones = milestones == null ? List.of() : List.copyOf(milestones);
    }

    /** Always {@value #SOURCE}. */
    public String source() {
        return SOURCE;
    }

    /**
     * A report on {@code initiativeId}; set {@code reportedBy} and at least one piece of
     * content.
     */
    public static Builder builder(String initiativeId) {
        return new Builder(initiativeId);
    }

    /**
     * The eventId a report on {@code initiativeId} with {@code businessKey} gets, in any
     * process, at any time.
     */
    public static String eventIdFor(String initiativeId, String businessKey) {
        Objects.requireNonNull(initiativeId, "initiativeId");
        Objects.requireNonNull(businessKey, "businessKey");
        return UUID.nameUUIDFromBytes((initiativeId + "/" + businessKey).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Builds a {@link Report}; the eventId is chosen in {@link #build()}, once. */
    public static final class Builder {

        private final String initiativeId;

        private String businessKey;

        private OffsetDateTime occurredAt;

        private Double percentComplete;

        private final Map<String, Double> kpis = new LinkedHashMap<>();

        private final List<String> milestones = new ArrayList<>();

        private DeclaredHealth declaredHealth;

        private String note;

        private String reportedBy;

        private String supersedes;

        private Builder(String initiativeId) {
            this.initiativeId = Objects.requireNonNull(initiativeId, "initiativeId");
        }

        /**
         * The department system's own id for this report; the eventId is derived from it
         * (see {@link Report}).
         */
        public Builder businessKey(String businessKey) {
            if (businessKey == null || businessKey.isBlank()) {
                throw new IllegalArgumentException("businessKey must not be blank");
            }
            this.businessKey = businessKey;
            return this;
        }

        /**
         * When the reported state of affairs was true; default: when {@link #build()}
         * runs.
         */
        public Builder occurredAt(OffsetDateTime occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public Builder occurredAt(Instant occurredAt) {
            this.occurredAt = occurredAt == null ? null : occurredAt.atOffset(ZoneOffset.UTC);
            return this;
        }

        /** 0 to 100. */
        public Builder percentComplete(double percentComplete) {
            this.percentComplete = percentComplete;
            return this;
        }

        /** The value of one of the initiative's catalog KPIs at {@code occurredAt}. */
        public Builder kpi(String kpiId, double value) {
            kpis.put(Objects.requireNonNull(kpiId, "kpiId"), value);
            return this;
        }

        /** A catalog milestone of the initiative reached by {@code occurredAt}. */
        public Builder milestone(String milestoneId) {
            milestones.add(Objects.requireNonNull(milestoneId, "milestoneId"));
            return this;
        }

        /** The department's own view of the initiative. */
        public Builder declaredHealth(DeclaredHealth declaredHealth) {
            this.declaredHealth = declaredHealth;
            return this;
        }

        public Builder note(String note) {
            this.note = note;
            return this;
        }

        /** Who reports: a person or a system of the department (required). */
        public Builder reportedBy(String reportedBy) {
            this.reportedBy = reportedBy;
            return this;
        }

        /**
         * The eventId of an earlier report on the same initiative that this one corrects.
         */
        public Builder supersedes(String eventId) {
            this.supersedes = eventId;
            return this;
        }

        public Report build() {
            String eventId = businessKey == null ? UUID.randomUUID().toString() : eventIdFor(initiativeId, businessKey);
            OffsetDateTime at = occurredAt == null ? OffsetDateTime.now(ZoneOffset.UTC) : occurredAt;
            return new Report(eventId, initiativeId, at, percentComplete, kpis, milestones, declaredHealth, note,
                    reportedBy, supersedes);
        }

    }
}
