package org.planwatch.publisher.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A catalog entry as JSON: what {@code PUT /api/v1/initiatives/{id}} takes and the GETs
 * answer, and the shape of each entry of {@code catalog/demo-catalog.json}.
 * {@code updatedAt} and {@code updatedBy} are set by the server. {@code public} (default
 * false) puts the initiative on the public progress page, with the figures of the latest
 * published bulletin. {@code plan} names the plan it belongs to (absent: the deployment's
 * default plan); once set it does not change. {@code carriedFrom} and {@code baseline}
 * (the progress it starts from, 0-1) link a carried-over initiative to the one it
 * continues; they are set by {@code POST /api/v1/plans/{id}/carry-over} and kept.
 * {@code closedAt} and {@code archivedAt} are set when its plan closes and is archived.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitiativeDocument(String id, String name, String description, String program, String department,
        List<String> supportingDepartments, LocalDate startDate, LocalDate dueDate, String measure,
        List<MilestoneDocument> milestones, List<KpiDocument> kpis, List<TrajectoryPointDocument> trajectory,
        String parentId, Double weight, Integer reportingCadenceDays, Integer stallAfterDays, Instant updatedAt,
        String updatedBy, @JsonProperty("public") Boolean shownInPublic, String plan, String carriedFrom,
        Double baseline, Instant closedAt, Instant archivedAt) {

    public record MilestoneDocument(String id, String name, Double weight, LocalDate plannedDate) {
    }

    public record KpiDocument(String id, String name, String unit, Double baseline, Double target, String direction) {
    }

    public record TrajectoryPointDocument(LocalDate date, Double expected) {
    }
}
