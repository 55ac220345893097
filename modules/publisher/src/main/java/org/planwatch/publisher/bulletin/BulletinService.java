package org.planwatch.publisher.bulletin;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.planwatch.access.AccessDeniedException;
import org.planwatch.access.Caller;
import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.BulletinStep;
import org.planwatch.events.avro.BulletinStepKind;
import org.planwatch.publisher.catalog.CatalogView;
import org.planwatch.publisher.desk.DeskView;
import org.planwatch.publisher.problem.KafkaUnavailableException;
import org.planwatch.publisher.problem.ProblemException;
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

    private final WebProperties web;

    private final Clock clock;

    BulletinService(BulletinLedger ledger, BulletinWriter writer, DeskView desk, CatalogView catalog, WebProperties web,
            Clock clock) {
        this.ledger = ledger;
        this.writer = writer;
        this.desk = desk;
        this.catalog = catalog;
        this.web = web;
        this.clock = clock;
    }

    /**
     * A new draft from the plan as it stands; {@code corrects} names a published bulletin
     * it corrects.
     */
    Bulletin generate(Caller caller, Integer corrects) {
        allow(caller);
        return generate(actor(caller), corrects);
    }

    /**
     * The schedule's bulletin: made once per day however many instances fire, else
     * nothing.
     */
    Bulletin generateScheduled() {
        requireCaughtUp();
        LocalDate today = LocalDate.ofInstant(clock.instant(), web.zone());
        return writer.write(ledger -> ledger.all()
            .stream()
            .anyMatch(s -> s.periodTo().equals(today) && s.steps().get(0).getActor().equals(SCHEDULE)) ? null
                    : make(ledger, SCHEDULE, null));
    }

    private Bulletin generate(String actor, Integer corrects) {
        requireCaughtUp();
        return writer.write(ledger -> make(ledger, actor, corrects));
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

    private Bulletin make(BulletinLedger ledger, String actor, Integer corrects) {
        Bulletin previous;
        if (corrects != null) {
            BulletinLedger.Summary corrected = ledger.summary(corrects).orElseThrow(() -> unknown(corrects));
            if (corrected.state() != BulletinState.PUBLISHED) {
                throw conflict("第" + corrects + "期 is " + corrected.state()
                        + ": only a published bulletin is corrected;" + " change or withdraw the draft instead",
                        corrected.state());
            }
            previous = corrected.previous() == null ? null : ledger.read(corrected.previous()).orElse(null);
        }
        else {
            previous = ledger.publishedBefore(Integer.MAX_VALUE).flatMap(s -> ledger.read(s.number())).orElse(null);
        }
        return BulletinMaker.make(new BulletinMaker.Inputs(ledger.lastNumber() + 1, corrects, previous, desk.all(),
                id -> catalog.get(id).orElse(null), clock.instant(), web.zone(), actor));
    }

    /**
     * A draft approved; {@code publicNotes} names the public initiatives whose notes the
     * public page may show once it is published (none by default).
     */
    Bulletin approve(Caller caller, int number, Set<String> publicNotes) {
        allow(caller);
        return step(number, BulletinState.DRAFT, BulletinState.APPROVED, BulletinStepKind.APPROVED, actor(caller), null,
                publicNotes == null ? Set.of() : publicNotes);
    }

    Bulletin publish(Caller caller, int number) {
        allow(caller);
        return step(number, BulletinState.APPROVED, BulletinState.PUBLISHED, BulletinStepKind.PUBLISHED, actor(caller),
                null, null);
    }

    /** A draft or an approved bulletin set aside; a published one cannot be. */
    Bulletin withdraw(Caller caller, int number, String reason) {
        allow(caller);
        return step(number, null, BulletinState.WITHDRAWN, BulletinStepKind.WITHDRAWN, actor(caller), reason, null);
    }

    private Bulletin step(int number, BulletinState from, BulletinState to, BulletinStepKind kind, String actor,
            String note, Set<String> publicNotes) {
        Bulletin written = writer.write(ledger -> {
            BulletinLedger.Summary summary = ledger.summary(number).orElseThrow(() -> unknown(number));
            BulletinState state = summary.state();
            Bulletin current = ledger.read(number).orElseThrow(() -> unknown(number));
            if (state == to && (publicNotes == null || cleared(current).equals(clearable(current, publicNotes)))) {
                return null; // a retry of the step taken: answered as taken, nothing
                             // written
            }
            boolean allowed = from == null ? state == BulletinState.DRAFT || state == BulletinState.APPROVED
                    : state == from;
            if (!allowed) {
                throw conflict(refusal(number, state, to), state);
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
        return written != null ? written : ledger.read(number).orElseThrow(() -> unknown(number));
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

    List<BulletinLedger.Summary> list(Caller caller) {
        allow(caller);
        return ledger.all();
    }

    BulletinLedger.Summary summary(Caller caller, int number) {
        allow(caller);
        return ledger.summary(number).orElseThrow(() -> unknown(number));
    }

    Bulletin read(Caller caller, int number) {
        allow(caller);
        return ledger.read(number).orElseThrow(() -> unknown(number));
    }

    /** The public page's source: published figures only. */
    public Optional<Bulletin> latestPublished() {
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

    private static void allow(Caller caller) {
        if (!caller.readsEverything()) {
            throw new AccessDeniedException("bulletins are for supervisor and admin tokens");
        }
    }

    private static String actor(Caller caller) {
        return caller.role().wireName() + ":" + caller.label();
    }

    static ProblemException unknown(int number) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No bulletin 第" + number + "期");
        problem.setType(URI.create("/problems/unknown-bulletin"));
        problem.setTitle("Unknown bulletin");
        problem.setProperty("field", "number");
        return new ProblemException(problem);
    }

    private static ProblemException conflict(String detail, BulletinState state) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setType(URI.create("/problems/bulletin-state"));
        problem.setTitle("Bulletin step out of order");
        problem.setProperty("state", state.name().toLowerCase(Locale.ROOT));
        return new ProblemException(problem);
    }

}
