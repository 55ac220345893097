package org.planwatch.publisher.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.StatusHealth;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * Carries a closed plan's unfinished initiatives into the next one: each becomes a new
 * initiative of that plan, linked to the old by {@code carriedFrom}, starting from the
 * old one's final progress as its {@code baseline}. The old entries stay as they are,
 * with their final verdict and their history.
 */
@Component
public class CarryOver {

    /**
     * One initiative carried: old id, new id, the baseline, and whether this call made
     * it.
     */
    public record Carried(String from, String to, double baseline, boolean created) {
    }

    private static final Pattern YEAR_SUFFIX = Pattern.compile("(.*)-(19|20)\\d\\d");

    private final CatalogView view;

    private final CatalogService catalog;

    private final DeskView statuses;

    CarryOver(CatalogView view, CatalogService catalog, DeskView statuses) {
        this.view = view;
        this.catalog = catalog;
        this.statuses = statuses;
    }

    /**
     * @param only the ids to carry, or null for every unfinished one
     * @param ids new ids by old id; an initiative not named gets its old id with the next
     * plan's year
     * @return what was carried, parents first; a retried call answers the same, with
     * {@code created} false
     */
    public List<Carried> carry(Plan from, Plan into, List<String> only, Map<String, String> ids, String updatedBy) {
        List<Initiative> chosen = chosen(from, only);
        Map<String, String> newIds = new HashMap<>();
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Double> baselines = new HashMap<>();
        for (Initiative old : chosen) {
            String to = ids != null && ids.get(old.getId()) != null ? ids.get(old.getId()) : nextId(old.getId(), into);
            newIds.put(old.getId(), to);
            if (!CatalogMapper.ID.matcher(to).matches()) {
                problems.add(new FieldProblem("ids." + old.getId(),
                        "gives " + to + ", which does not match " + CatalogMapper.ID.pattern() + ": name its new id"));
            }
            Optional<Initiative> taken = view.get(to);
            if (taken.isPresent() && !old.getId().equals(taken.get().getCarriedFrom())) {
                problems.add(new FieldProblem("ids." + old.getId(), "gives " + to + ", which is another initiative"));
            }
            // The final verdict's: a status from before the close may lack reports that
            // still counted.
            Optional<InitiativeStatus> status = statuses.get(old.getId()).filter(s -> s.getClosedAt() != null);
            if (status.isEmpty()) {
                problems.add(new FieldProblem("initiatives", old.getId()
                        + " has no final status yet (its final progress is its baseline): try again shortly"));
            }
            else {
                baselines.put(old.getId(), Math.round(status.get().getProgress() * 10_000) / 10_000.0);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<Carried> carried = new ArrayList<>();
        for (Initiative old : chosen) {
            String to = newIds.get(old.getId());
            double baseline = baselines.get(old.getId());
            Optional<Initiative> done = view.get(to);
            if (done.isPresent()) {
                carried.add(new Carried(old.getId(), to, done.get().getBaseline(), false));
                continue;
            }
            // A parent carried along stays the parent; one left behind is no longer.
            String parent = old.getParentId() == null ? null : newIds.get(old.getParentId());
            catalog.put(to, document(old, to, into, parent, baseline), updatedBy);
            carried.add(new Carried(old.getId(), to, baseline, true));
        }
        return carried;
    }

    /**
     * The named ones (each must be the plan's), or every unfinished one; parents first.
     */
    private List<Initiative> chosen(Plan from, List<String> only) {
        List<Initiative> entries = view.all().stream().filter(i -> from.getId().equals(i.getPlan())).toList();
        List<Initiative> chosen;
        if (only != null) {
            List<FieldProblem> problems = new ArrayList<>();
            chosen = new ArrayList<>();
            for (String id : only) {
                Optional<Initiative> entry = entries.stream().filter(i -> i.getId().equals(id)).findFirst();
                if (entry.isEmpty()) {
                    problems.add(new FieldProblem("initiatives", id + " is not an initiative of " + from.getId()));
                }
                else {
                    chosen.add(entry.get());
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
        }
        else {
            chosen = entries.stream()
                .filter(i -> statuses.get(i.getId()).map(s -> s.getHealth() != StatusHealth.COMPLETED).orElse(true))
                .toList();
        }
        Map<String, Integer> depth = new HashMap<>();
        for (Initiative i : chosen) {
            depth.put(i.getId(), depth(i));
        }
        return chosen.stream()
            .sorted(Comparator.comparing((Initiative i) -> depth.get(i.getId())).thenComparing(Initiative::getId))
            .toList();
    }

    private int depth(Initiative initiative) {
        int depth = 0;
        String parent = initiative.getParentId();
        while (parent != null && depth < 64) {
            depth++;
            parent = view.get(parent).map(Initiative::getParentId).orElse(null);
        }
        return depth;
    }

    /** The old id with the next plan's year in place of its own, or added. */
    static String nextId(String old, Plan into) {
        String year = String.valueOf(into.getPeriodStart().getYear());
        Matcher dated = YEAR_SUFFIX.matcher(old);
        return (dated.matches() ? dated.group(1) : old) + "-" + year;
    }

    /**
     * The old entry in the next plan's period: it starts when the plan starts and keeps
     * its due date if that falls in the period, else is due at the period's end. Its
     * planned trajectory was the old period's; the new one rises from the baseline.
     */
    private static InitiativeDocument document(Initiative old, String id, Plan into, String parent, double baseline) {
        InitiativeDocument was = CatalogMapper.toDocument(old);
        LocalDate start = into.getPeriodStart();
        LocalDate due = old.getDueDate().isAfter(start) && !old.getDueDate().isAfter(into.getPeriodEnd())
                ? old.getDueDate() : into.getPeriodEnd();
        return new InitiativeDocument(id, was.name(), was.description(), was.program(), was.department(),
                was.supportingDepartments(), start, due, was.measure(), was.milestones(), was.kpis(), null, parent,
                was.weight(), was.reportingCadenceDays(), was.stallAfterDays(), null, null, was.shownInPublic(),
                into.getId(), old.getId(), baseline, null, null);
    }

}
