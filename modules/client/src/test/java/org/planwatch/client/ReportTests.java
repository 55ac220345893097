package org.planwatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.planwatch.events.avro.DeclaredHealth;

class ReportTests {

    @Test
    void businessKeyGivesTheSameEventIdInAnyProcessAtAnyTime() {
        Report one = Report.builder("villa-investment-campaign")
            .businessKey("2026-06")
            .percentComplete(40)
            .reportedBy("商务局")
            .build();
        Report rebuiltAfterACrash = Report.builder("villa-investment-campaign")
            .businessKey("2026-06")
            .percentComplete(40)
            .reportedBy("商务局")
            .build();
        assertThat(rebuiltAfterACrash.eventId()).isEqualTo(one.eventId())
            .isEqualTo(Report.eventIdFor("villa-investment-campaign", "2026-06"))
            // Pinned: other tools (the importer, scripts) may derive the same id.
            .isEqualTo(UUID.nameUUIDFromBytes("villa-investment-campaign/2026-06".getBytes(StandardCharsets.UTF_8))
                .toString());
    }

    @Test
    void theSameBusinessKeyOnAnotherInitiativeIsAnotherReport() {
        assertThat(Report.eventIdFor("villa-investment-campaign", "2026-06"))
            .isNotEqualTo(Report.eventIdFor("relief-campaign", "2026-06"));
    }

    @Test
    void withoutBusinessKeyEachReportGetsItsOwnEventIdFixedAtCreation() {
        Report.Builder builder = Report.builder("villa-investment-campaign").percentComplete(40).reportedBy("商务局");
        Report first = builder.build();
        Report second = builder.build();
        assertThat(first.eventId()).isNotEqualTo(second.eventId()).matches(ReportChecks.EVENT_ID);
        assertThat(first.occurredAt()).as("fixed at creation too").isNotNull();
    }

    @Test
    void reportedByIsRequired() {
        assertThatThrownBy(() -> Report.builder("villa-investment-campaign").percentComplete(40).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("reportedBy");
    }

    @Test
    void jsonHasTheFieldsOfTheReadmeAndNothingTheServerOwns() {
        Report report = Report.builder("villa-investment-campaign")
            .businessKey("2026-06")
            .occurredAt(OffsetDateTime.parse("2026-06-30T17:00+08:00"))
            .percentComplete(40)
            .kpi("villas", 36)
            .milestone("m1")
            .declaredHealth(DeclaredHealth.AT_RISK)
            .note("六月")
            .reportedBy("商务局")
            .supersedes("earlier-1")
            .build();
        Map<String, Object> json = ReportJson.event(report);
        assertThat(json).containsOnlyKeys("eventId", "initiativeId", "occurredAt", "percentComplete", "kpis",
                "milestones", "declaredHealth", "note", "reportedBy", "source", "supersedes");
        assertThat(json).containsEntry("occurredAt", "2026-06-30T17:00:00+08:00")
            .containsEntry("declaredHealth", "at_risk")
            .containsEntry("source", "client")
            .containsEntry("kpis", Map.of("villas", 36.0))
            .containsEntry("milestones", List.of("m1"));
    }

    @Test
    void absentValuesAreLeftOutOfTheJson() {
        Report report = Report.builder("villa-investment-campaign").note("开始").reportedBy("商务局").build();
        assertThat(ReportJson.event(report)).containsOnlyKeys("eventId", "initiativeId", "occurredAt", "note",
                "reportedBy", "source");
    }

}
