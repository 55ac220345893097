package org.planwatch.publisher.bulletin;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Comparator;
import java.util.Objects;
import java.util.TreeSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.access.Role;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.BulletinStep;
import org.planwatch.events.avro.BulletinStepKind;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Plan;
import org.planwatch.events.avro.PlanState;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.plan.PlanView;
import org.planwatch.publisher.problem.FieldProblem;
import org.planwatch.publisher.problem.InvalidInputException;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.ProblemException;
import org.planwatch.publisher.problem.Problems;
import org.planwatch.publisher.web.WebProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;

/**
 * Bulletins' life: generated as a draft, approved, published, or withdrawn before
 * publication, by supervisors and admins, each step recorded on the bulletin. A step
 * already taken is answered as taken (a retry); a published bulletin never changes, and a
 * correction is a new number that names the one it corrects.
 */
@Service
public class BulletinService {

    /** The actor of a scheduled bulletin. */
    static final String SCHEDULE = "schedule";

    private final BulletinLedger ledger;

    private final BulletinWriter writer;

    private final DeskView desk;

    private final CatalogView catalog;

    private final PlanView plans;

    private final WebProperties web;

    private final Clock clock;

    BulletinService(BulletinLedger ledger, BulletinWriter writer, DeskView desk, CatalogView catalog, PlanView plans,
            WebProperties web, Clock clock) {
        this.ledger = ledger;
        this.writer = writer;
        this.desk = desk;
        this.catalog = catalog;
        this.plans = plans;
        this.web = web;
        this.clock = clock;
    }

    /**
     * A new draft from the plan as it stands; {@code corrects} names a published bulletin
     * of the plan it corrects. Without a plan, the bulletin of the initiatives that have
     * none (a catalog from before plans), for city-wide callers only.
     */
    Bulletin generate(Caller caller, String plan, Integer corrects) {
        if (plan == null) {
            allow(caller, null);
            requireCaughtUp();
            if (!desk.hasPlanless()) {
                throw new InvalidInputException(List.of(new FieldProblem("plan",
                        "is required: every initiative belongs to a plan (one of " + planIds(caller) + ")")));
            }
        }
        else {
            Plan known = plans.get(plan).orElseThrow(() -> Problems.unknownPlan(plan, "plan"));
            allow(caller, known.getId());
            requireCaughtUp();
        }
        String actor = actor(caller);
        return writer.write(ledger -> make(ledger, plan, actor, corrects));
    }

    private String planIds(Caller caller) {
        return plans.all()
            .stream()
            .filter(p -> p.getState() != PlanState.ARCHIVED && caller.oversees(p.getOwner()))
            .map(Plan::getId)
            .sorted()
            .collect(Collectors.joining(", "));
    }

    /**
     * The schedule's bulletins: one per active plan (and one for plan-less initiatives,
     * if any) made once per day however many instances fire.
     */
    List<Bulletin> generateScheduled() {
        requireCaughtUp();
        LocalDate today = LocalDate.ofInstant(clock.instant(), web.zone());
        Set<String> planned = new TreeSet<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        plans.all().stream().filter(p -> p.getState() == PlanState.ACTIVE).forEach(p -> planned.add(p.getId()));
        if (desk.hasPlanless()) {
            planned.add(null);
        }
        List<Bulletin> made = new ArrayList<>();
        for (String plan : planned) {
            Bulletin bulletin = writer
                .write(ledger -> ledger.all()
                    .stream()
                    .anyMatch(s -> Objects.equals(s.plan(), plan) && s.periodTo().equals(today)
                            && s.steps().get(0).getActor().equals(SCHEDULE)) ? null
                                    : make(ledger, plan, SCHEDULE, null));
            if (bulletin != null) {
                made.add(bulletin);
            }
        }
        return made;
    }

    /**
     * A bulletin made from a half-read plan would be wrong, and the schedule's would
     * block the right one.
     */
    private void requireCaughtUp() {
        if (!desk.isCaughtUp() || !catalog.isCaughtUp()) {
            throw new KafkaUnavailableException("the plan's statuses are still being read; try again shortly", null);
        }
    }

    private Bulletin make(BulletinLedger ledger, String plan, String actor, Integer corrects) {
        Bulletin previous;
        if (corrects != null) {
            BulletinId correctsId = new BulletinId(plan, corrects);
            BulletinLedger.Summary corrected = ledger.summary(correctsId)
                .orElseThrow(() -> BulletinId.unknown(correctsId));
            if (corrected.state() != BulletinState.PUBLISHED) {
                throw conflict("第" + corrects + "期 is " + corrected.state()
                        + ": only a published bulletin is corrected;" + " change or withdraw the draft instead",
                        corrected.state());
            }
            previous = corrected.previous() == null ? null
                    : ledger.read(new BulletinId(plan, corrected.previous())).orElse(null);
        }
        else {
            previous = ledger.publishedBefore(plan, Integer.MAX_VALUE).flatMap(s -> ledger.read(s.id())).orElse(null);
        }
        List<InitiativeStatus> statuses = desk.all().stream().filter(s -> Objects.equals(s.getPlan(), plan)).toList();
        return BulletinMaker.make(new BulletinMaker.Inputs(plan, ledger.lastNumber(plan) + 1, corrects, previous,
                statuses, id -> catalog.get(id).orElse(null), clock.instant(), web.zone(), actor));
    }

    /**
     * A draft approved; {@code publicNotes} names the public initiatives whose notes the
     * public page may show once it is published (none by default).
     */
    Bulletin approve(Caller caller, BulletinId number, Set<String> publicNotes) {
        allow(caller, number.plan());
        return step(number, BulletinState.DRAFT, BulletinState.APPROVED, BulletinStepKind.APPROVED, actor(caller), null,
                publicNotes == null ? Set.of() : publicNotes);
    }

    Bulletin publish(Caller caller, BulletinId number) {
        allow(caller, number.plan());
        return step(number, BulletinState.APPROVED, BulletinState.PUBLISHED, BulletinStepKind.PUBLISHED, actor(caller),
                null, null);
    }

    /** A draft or an approved bulletin set aside; a published one cannot be. */
    Bulletin withdraw(Caller caller, BulletinId number, String reason) {
        allow(caller, number.plan());
        return step(number, null, BulletinState.WITHDRAWN, BulletinStepKind.WITHDRAWN, actor(caller), reason, null);
    }

    private Bulletin step(BulletinId number, BulletinState from, BulletinState to, BulletinStepKind kind, String actor,
            String note, Set<String> publicNotes) {
        Bulletin written = writer.write(ledger -> {
            BulletinLedger.Summary summary = ledger.summary(number).orElseThrow(() -> BulletinId.unknown(number));
            BulletinState state = summary.state();
            Bulletin current = ledger.read(number).orElseThrow(() -> BulletinId.unknown(number));
            if (state == to && (publicNotes == null || cleared(current).equals(clearable(current, publicNotes)))) {
                return null; // a retry of the step taken: answered as taken, nothing
                             // written
            }
            boolean allowed = from == null ? state == BulletinState.DRAFT || state == BulletinState.APPROVED
                    : state == from;
            if (!allowed) {
                throw conflict(refusal(number.number(), state, to), state);
            }
            Bulletin next = Bulletin.newBuilder(current).build();
            List<BulletinStep> steps = new ArrayList<>(current.getSteps());
            steps.add(new BulletinStep(kind, actor, clock.instant(), note));
            next.setSteps(steps);
            next.setState(to);
            if (publicNotes != null) {
                List<BulletinItem> items = new ArrayList<>(current.getItems().size());
                for (BulletinItem item : current.getItems()) {
                    boolean shown = clearable(item, publicNotes);
                    items.add(shown == item.getNotePublic() ? item
                            : BulletinItem.newBuilder(item).setNotePublic(shown).build());
                }
                next.setItems(items);
            }
            return next;
        });
        return written != null ? written : ledger.read(number).orElseThrow(() -> BulletinId.unknown(number));
    }

    /** The public initiatives whose notes an approval cleared. */
    private static Set<String> cleared(Bulletin bulletin) {
        return bulletin.getItems()
            .stream()
            .filter(BulletinItem::getNotePublic)
            .map(BulletinItem::getInitiativeId)
            .collect(Collectors.toSet());
    }

    /** Of {@code asked}, those an approval can clear: public initiatives with a note. */
    private static Set<String> clearable(Bulletin bulletin, Set<String> asked) {
        return bulletin.getItems()
            .stream()
            .filter(i -> clearable(i, asked))
            .map(BulletinItem::getInitiativeId)
            .collect(Collectors.toSet());
    }

    private static boolean clearable(BulletinItem item, Set<String> asked) {
        return item.getPublic$() && item.getNote() != null && asked.contains(item.getInitiativeId());
    }

    private static String refusal(int number, BulletinState state, BulletinState to) {
        if (state == to) {
            return "第" + number + "期 is approved already with other public notes; withdraw it and generate another";
        }
        if (state == BulletinState.PUBLISHED) {
            return "第" + number + "期 is published and never changes; generate a correction instead";
        }
        return "第" + number + "期 is " + state + ": it cannot become " + to;
    }

    /**
     * The bulletins of the plans {@code caller} oversees, newest first: of one plan, or
     * of all when {@code plan} is null.
     */
    List<BulletinLedger.Summary> list(Caller caller, String plan) {
        if (caller.role() != Role.ADMIN && caller.role() != Role.SUPERVISOR) {
            throw new AccessDeniedException("bulletins are for supervisor and admin tokens");
        }
        return ledger.all()
            .stream()
            .filter(s -> (plan == null || plan.equals(s.plan())) && oversees(caller, s.plan()))
            .toList();
    }

    BulletinLedger.Summary summary(Caller caller, BulletinId id) {
        allow(caller, id.plan());
        return ledger.summary(id).orElseThrow(() -> BulletinId.unknown(id));
    }

    Bulletin read(Caller caller, BulletinId id) {
        allow(caller, id.plan());
        return ledger.read(id).orElseThrow(() -> BulletinId.unknown(id));
    }

    /** The public page's source: each plan's latest published figures only. */
    public List<Bulletin> latestPublished() {
        return ledger.latestPublished();
    }

    /**
     * Whether this instance has read every bulletin: until then the latest published may
     * be older.
     */
    public boolean isCaughtUp() {
        return ledger.isCaughtUp();
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * A plan's bulletins are its overseers': the city's supervisors and admins, and its
     * own district's supervisors. Plan-less bulletins are city-wide.
     */
    private void allow(Caller caller, String plan) {
        if (!oversees(caller, plan)) {
            throw new AccessDeniedException(caller.role() != Role.SUPERVISOR
                    ? "bulletins are for supervisor and admin tokens"
                    : plan == null
                            ? "bulletins of initiatives without a plan are for the city's office; yours are by plan"
                            : "this bulletin is of a plan another office oversees");
        }
    }

    private boolean oversees(Caller caller, String plan) {
        if (plan == null) {
            return caller.readsEverything();
        }
        return caller.oversees(plans.get(plan).map(Plan::getOwner).orElse(null));
    }

    private static String actor(Caller caller) {
        return caller.role().wireName() + ":" + caller.label();
    }

    private static ProblemException conflict(String detail, BulletinState state) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("/problems/bulletin-state"));
        problem.setTitle("Bulletin step out of order");
        problem.setProperty("state", state.name().toLowerCase(Locale.ROOT));
        return new ProblemException(problem);
    }

}
