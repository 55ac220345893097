package org.planwatch.publisher.plan;

import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A plan as JSON: what {@code PUT /api/v1/plans/{id}} takes and the GETs answer.
 * {@code ownerKind} is {@code district} or {@code city}; {@code state} moves only
 * forward: {@code draft}, {@code active}, {@code closed}, {@code archived}. The
 * timestamps of each state and {@code updatedAt}/{@code updatedBy} are set by the server.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanDocument(String id, String name, String owner, String ownerName, String ownerKind,
        LocalDate periodStart, LocalDate periodEnd, String zone, String state, Boolean sample, String previousPlan,
        Instant activatedAt, Instant closedAt, Instant archivedAt, Instant updatedAt, String updatedBy) {
}
