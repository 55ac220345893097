package org.planwatch.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.planwatch.publisher.catalog.InitiativeDocument;
import org.planwatch.publisher.plan.PlanDocument;

import tools.jackson.databind.json.JsonMapper;

/**
 * A demo catalog file: the plan itself, its programs, departments and initiatives, in the
 * JSON shapes the publisher's plan and catalog APIs take.
 * {@code catalog/demo-catalog.json} is the demo's plan; the sample files add a second
 * district and a closed previous year, whose {@code finalProgress} (percent by
 * initiative) the demo reports before it closes the plan.
 */
record CatalogFile(int planYear, String source, PlanDocument plan, List<Named> programs, List<Named> departments,
        List<InitiativeDocument> initiatives, Map<String, Double> finalProgress) {

    record Named(String id, String name) {
    }

    static final String RESOURCE = "catalog/demo-catalog.json";

    /** A second, smaller plan of another district (sample data). */
    static final String SAMPLE_DISTRICT = "catalog/demo-sample-district.json";

    /** The previous year of the demo's plan, closed and carried over (sample data). */
    static final String PREVIOUS_YEAR = "catalog/demo-previous-year.json";

    static CatalogFile load(JsonMapper json) {
        return load(json, RESOURCE);
    }

    static CatalogFile load(JsonMapper json, String resource) {
        try (InputStream in = Objects.requireNonNull(CatalogFile.class.getClassLoader().getResourceAsStream(resource),
                resource)) {
            return json.readValue(in, CatalogFile.class);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plan moved to {@code year}, so that expected progress means something today;
     * dates keep their month and day, and the plan's id and name take the year. Every
     * initiative belongs to it.
     */
    CatalogFile shiftedTo(int year) {
        int years = year - planYear;
        String from = String.valueOf(planYear);
        String to = String.valueOf(year);
        PlanDocument movedPlan = new PlanDocument(plan.id().replace(from, to), plan.name().replace(from, to),
                plan.owner(), plan.ownerName(), plan.ownerKind(), plus(plan.periodStart(), years),
                plus(plan.periodEnd(), years), plan.zone(), plan.state(), plan.sample(), plan.previousPlan(), null,
                null, null, null, null);
        List<InitiativeDocument> shifted = initiatives.stream()
            .map(i -> new InitiativeDocument(i.id(), i.name(), i.description(), i.program(), i.department(),
                    i.supportingDepartments(), plus(i.startDate(), years), plus(i.dueDate(), years), i.measure(),
                    i.milestones() == null ? null
                            : i.milestones()
                                .stream()
                                .map(m -> new InitiativeDocument.MilestoneDocument(m.id(), m.name(), m.weight(),
                                        plus(m.plannedDate(), years)))
                                .toList(),
                    i.kpis(),
                    i.trajectory() == null ? null : i.trajectory()
                        .stream()
                        .map(t -> new InitiativeDocument.TrajectoryPointDocument(plus(t.date(), years), t.expected()))
                        .toList(),
                    i.parentId(), i.weight(), i.reportingCadenceDays(), i.stallAfterDays(), null, null,
                    i.shownInPublic(), movedPlan.id(), null, null, null, null))
            .toList();
        return new CatalogFile(year, source, movedPlan, programs, departments, shifted, finalProgress);
    }

    /**
     * Parents before their children, so a child's parent always exists when it is
     * written.
     */
    List<InitiativeDocument> parentsFirst() {
        List<InitiativeDocument> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        List<InitiativeDocument> left = new ArrayList<>(initiatives);
        while (!left.isEmpty()) {
            int before = left.size();
            left.removeIf(i -> {
                if (i.parentId() == null || placed.contains(i.parentId())) {
                    ordered.add(i);
                    placed.add(i.id());
                    return true;
                }
                return false;
            });
            if (left.size() == before) {
                throw new IllegalStateException("Catalog has unknown parents or a cycle: "
                        + left.stream().map(InitiativeDocument::id).toList());
            }
        }
        return ordered;
    }

    private static LocalDate plus(LocalDate date, int years) {
        return date == null ? null : date.plusYears(years);
    }
}
