package org.planwatch.sheets;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One checked catalog entry, as {@code PUT /api/v1/initiatives/{id}} takes it. The
 * catalog's defaults are filled in (weight 1, cadence 14 days, stall after 30, measure
 * {@code percent}, KPI baseline 0 and direction from baseline to target, milestone weight
 * 1), so an entry compares equal to what the publisher answers for it.
 */
public record CatalogEntry(String id, String name, String program, String department,
        List<String> supportingDepartments, LocalDate startDate, LocalDate dueDate, String measure, String description,
        String parentId, double weight, int reportingCadenceDays, int stallAfterDays, List<Kpi> kpis,
        List<Milestone> milestones) {

    public CatalogEntry {
        supportingDepartments = List.copyOf(supportingDepartments);
        kpis = List.copyOf(kpis);
        milestones = List.copyOf(milestones);
    }

    /**
     * @param direction {@code increase} or {@code decrease}
     */
    public record Kpi(String id, String name, String unit, double baseline, double target, String direction) {
    }

    /**
     * @param plannedDate or null
     */
    public record Milestone(String id, String name, double weight, LocalDate plannedDate) {
    }

    /**
     * The body of {@code PUT /api/v1/initiatives/{id}} as JSON-ready values (dates as ISO
     * strings, absent fields left out). A PUT replaces the whole entry: a
     * {@code trajectory} set through the API is not kept by a sheet import, which has no
     * column for it.
     */
    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", name);
        putIf(doc, "description", description);
        doc.put("program", program);
        doc.put("department", department);
        doc.put("supportingDepartments", supportingDepartments);
        doc.put("startDate", startDate.toString());
        doc.put("dueDate", dueDate.toString());
        doc.put("measure", measure);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Milestone m : milestones) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", m.id());
            item.put("name", m.name());
            item.put("weight", m.weight());
            putIf(item, "plannedDate", m.plannedDate() == null ? null : m.plannedDate().toString());
            ms.add(item);
        }
        doc.put("milestones", ms);
        List<Map<String, Object>> ks = new ArrayList<>();
        for (Kpi k : kpis) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", k.id());
            item.put("name", k.name());
            putIf(item, "unit", k.unit());
            item.put("baseline", k.baseline());
            item.put("target", k.target());
            item.put("direction", k.direction());
            ks.add(item);
        }
        doc.put("kpis", ks);
        putIf(doc, "parentId", parentId);
        doc.put("weight", weight);
        doc.put("reportingCadenceDays", reportingCadenceDays);
        doc.put("stallAfterDays", stallAfterDays);
        return doc;
    }

    private static void putIf(Map<String, Object> doc, String field, Object value) {
        if (value != null) {
            doc.put(field, value);
        }
    }
}
