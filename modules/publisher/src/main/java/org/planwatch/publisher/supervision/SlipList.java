package org.planwatch.publisher.supervision;

import org.planwatch.access.Role;
import org.planwatch.access.PlanOwners;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.planwatch.access.Caller;
import org.planwatch.events.SlipSteps;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SupervisionKind;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.stereotype.Component;

/** Every slip on {@code initiative-status}, as a caller may see them: late ones first. */
@Component
public class SlipList {

    private final DeskView statuses;

    private final PlanOwners owners;

    private final Clock clock;

    private final ZoneId zone;

    SlipList(DeskView statuses, PlanOwners owners, Clock clock, WebProperties web) {
        this.owners = owners;
        this.statuses = statuses;
        this.clock = clock;
        this.zone = web.zone();
    }

    /** One slip with its initiative, and whether its deadlines have passed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String initiativeId, String initiativeName, String department, String slipId, String state,
            String colour, String condition, String reason, String requirement, Instant issuedAt, Instant signBy,
            Instant answerBy, boolean unsignedLate, boolean answerLate, String cause, String remedy,
            LocalDate promisedDate) {

        boolean late() {
            return unsignedLate || answerLate;
        }
    }

    /**
     * A slip as the pages show it: in Chinese, with its dates in the plan's zone and
     * every step.
     */
    public record Card(Row slip, String colourName, String stateName, String conditionName, String issuedAt,
            String signBy, String answerBy, List<Line> steps, List<String> refused) {

        public boolean open() {
            return !"closed".equals(slip.state()) && !"withdrawn".equals(slip.state());
        }

        public boolean signable() {
            return "issued".equals(slip.state());
        }

        public boolean answerable() {
            return "signed".equals(slip.state()) || "returned".equals(slip.state());
        }

        public boolean checkable() {
            return "answered".equals(slip.state());
        }
    }

    /** One step of a slip's history. */
    public record Line(String at, String kind, String actor, String text) {
    }

    public record Page(int total, List<Row> slips) {
    }

    public Page list(Caller caller, String plan, String state, String department, String colour) {
        List<Row> rows = matching(caller, plan, state, department, colour).stream().map(Found::row).toList();
        return new Page(rows.size(), rows);
    }

    /** A slip that matched, with its initiative's status and its row. */
    private record Found(InitiativeStatus status, Slip slip, Row row) {
    }

    /**
     * Every slip a caller may see that matches the filters, late first; {@code plan}
     * null: of every plan.
     */
    private List<Found> matching(Caller caller, String plan, String state, String department, String colour) {
        check(state, "state", "open", "issued", "signed", "answered", "returned", "closed", "withdrawn");
        check(colour, "colour", "blue", "yellow", "red");
        Instant now = clock.instant();
        List<Found> found = new ArrayList<>();
        for (InitiativeStatus status : statuses.all()) {
            if (caller.role() == Role.DEPARTMENT ? !status.getDepartment().equals(caller.department())
                    : !caller.oversees(owners.of(status.getPlan()))) {
                continue;
            }
            if (plan != null && !plan.equals(status.getPlan())) {
                continue;
            }
            for (Slip slip : status.getSlips()) {
                Row row = row(status, slip, now);
                boolean stateMatches = state == null
                        || ("open".equals(state) ? SlipSteps.isOpen(slip) : state.equals(row.state()));
                if (stateMatches && (department == null || department.equals(row.department()))
                        && (colour == null || colour.equals(row.colour()))) {
                    found.add(new Found(status, slip, row));
                }
            }
        }
        found.sort(Comparator.comparing(Found::row, ORDER));
        return found;
    }

    /** The slips of one initiative as cards, late first. */
    public List<Card> cards(InitiativeStatus status) {
        Instant now = clock.instant();
        return status.getSlips()
            .stream()
            .map(s -> card(s, row(status, s, now)))
            .sorted(Comparator.comparing(Card::slip, ORDER))
            .toList();
    }

    /** Every slip a caller may see that matches the filters, as cards, late first. */
    public List<Card> cards(Caller caller, String plan, String state, String department, String colour) {
        return matching(caller, plan, state, department, colour).stream().map(f -> card(f.slip(), f.row())).toList();
    }

    private Card card(Slip slip, Row row) {
        List<Line> steps = slip.getSteps()
            .stream()
            .map(step -> new Line(minute(step.getAt()),
                    SlipLabels.kind(step.getKind())
                            + (step.getColour() != null && step.getKind() == SupervisionKind.ESCALATED
                                    ? "为" + SlipLabels.colour(step.getColour().name().toLowerCase(Locale.ROOT)) : ""),
                    step.getByRule() ? "规则自动" : step.getActor(), step.getText()))
            .toList();
        List<String> refused = slip.getRefused()
            .stream()
            .map(r -> minute(r.getAt()) + " " + r.getActor() + "：" + r.getReason())
            .toList();
        return new Card(row, SlipLabels.colour(row.colour()), SlipLabels.state(row.state()),
                SlipLabels.condition(row.condition()), minute(slip.getIssuedAt()), minute(slip.getSignBy()),
                minute(slip.getAnswerBy()), steps, refused);
    }

    private String minute(Instant at) {
        return at == null ? null : MINUTE.format(at.atZone(zone));
    }

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Late first, then open before closed, then by answer-by, then by id. */
    static final Comparator<Row> ORDER = Comparator.comparing((Row r) -> !r.late())
        .thenComparing(r -> "closed".equals(r.state()) || "withdrawn".equals(r.state()))
        .thenComparing(Row::answerBy, Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(Row::initiativeId)
        .thenComparing(Row::slipId);

    static Row row(InitiativeStatus status, Slip slip, Instant now) {
        return new Row(status.getInitiativeId(), status.getName(), slip.getDepartment(), slip.getId(),
                slip.getState().name().toLowerCase(Locale.ROOT), slip.getColour().name().toLowerCase(Locale.ROOT),
                slip.getCondition(), slip.getReason(), slip.getRequirement(), slip.getIssuedAt(), slip.getSignBy(),
                slip.getAnswerBy(), SlipSteps.unsignedLate(slip, now), SlipSteps.answerLate(slip, now), slip.getCause(),
                slip.getRemedy(), slip.getPromisedDate());
    }

    private static void check(String value, String field, String... allowed) {
        if (value != null && !List.of(allowed).contains(value)) {
            throw new InvalidInputException(
                    List.of(new FieldProblem(field, "must be one of " + String.join(", ", allowed))));
        }
    }

}
