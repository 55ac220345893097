package org.planwatch.publisher.desk;

import org.planwatch.access.Caller;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
import org.planwatch.publisher.plan.PlanView;

/**
 * Which initiatives a desk page shows: one plan's ({@code ?plan=id}), or the city view
 * over every plan that is not archived; for a district's supervisor, of its own plans
 * only. Also the plan switcher's lines, each plan with its counts.
 */
public final class DeskPlans {

    /** A plan as the switcher and the city view's table list it. */
    public record Line(String id, String name, String ownerName, String state, boolean archived,
            DeskQuery.Counts counts) {
    }

    /** The plan a page is about (null: the city view) and the statuses it shows. */
    public record Scope(Plan plan, List<InitiativeStatus> statuses, List<Line> lines) {

        public String planId() {
            return plan == null ? null : plan.getId();
        }

        public String title(String cityTitle) {
            return plan == null ? cityTitle : plan.getName();
        }
    }

    private final PlanView plans;

    public DeskPlans(PlanView plans) {
        this.plans = plans;
    }

    /**
     * @param planId the plan asked for, or null for the city view
     * @return empty for a plan that does not exist, or that {@code caller} does not
     * oversee (a district's supervisor learns no more of another's plans)
     */
    public Optional<Scope> scope(Caller caller, String planId, Collection<InitiativeStatus> all) {
        Plan plan = null;
        if (planId != null) {
            Optional<Plan> found = plans.get(planId).filter(p -> caller.oversees(p.getOwner()));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            plan = found.get();
        }
        List<InitiativeStatus> shown = new ArrayList<>();
        for (InitiativeStatus status : all) {
            if (plan == null ? status.getArchivedAt() == null && oversees(caller, status)
                    : plan.getId().equals(status.getPlan())) {
                shown.add(status);
            }
        }
        return Optional.of(new Scope(plan, shown, lines(caller, all)));
    }

    /** Whether {@code caller} oversees the initiative's plan. */
    boolean oversees(Caller caller, InitiativeStatus status) {
        return caller
            .oversees(status.getPlan() == null ? null : plans.get(status.getPlan()).map(Plan::getOwner).orElse(null));
    }

    /** Open plans first (active, then draft, then closed), archived last; by owner. */
    private List<Line> lines(Caller caller, Collection<InitiativeStatus> all) {
        // One pass over the statuses, not one per plan: a city holds many plans.
        Map<String, List<InitiativeStatus>> byPlan = new HashMap<>();
        for (InitiativeStatus status : all) {
            if (status.getPlan() != null) {
                byPlan.computeIfAbsent(status.getPlan(), plan -> new ArrayList<>()).add(status);
            }
        }
        return plans.all()
            .stream()
            .filter(p -> caller.oversees(p.getOwner()))
            .sorted(Comparator.comparing((Plan p) -> order(p.getState()))
                .thenComparing(Plan::getOwner)
                .thenComparing(Plan::getId))
            .map(p -> new Line(p.getId(), p.getName(), p.getOwnerName(), label(p.getState()),
                    p.getState() == PlanState.ARCHIVED, DeskQuery.counts(byPlan.getOrDefault(p.getId(), List.of()))))
            .toList();
    }

    private static int order(PlanState state) {
        return switch (state) {
            case ACTIVE -> 0;
            case DRAFT -> 1;
            case CLOSED -> 2;
            case ARCHIVED -> 3;
        };
    }

    static String label(PlanState state) {
        return switch (state) {
            case DRAFT -> "草案";
            case ACTIVE -> "执行中";
            case CLOSED -> "已结束";
            case ARCHIVED -> "已归档";
        };
    }

}
