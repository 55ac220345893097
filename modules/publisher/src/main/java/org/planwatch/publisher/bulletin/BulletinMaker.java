package org.planwatch.publisher.bulletin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinChanges;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinSlip;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.BulletinStep;
import org.planwatch.events.avro.BulletinStepKind;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.Slip;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.StatusHealth;

/**
 * Makes a draft bulletin from the plan's statuses (the desk's view of
 * {@code initiative-status}) and the catalog, measuring what changed against the previous
 * published bulletin. Pure.
 */
final class BulletinMaker {

    private BulletinMaker() {
    }

    /**
     * What a new bulletin is made from: {@code statuses} are the plan's ({@code plan}
     * null: those without a plan); {@code previous} is null for the first.
     */
    record Inputs(String plan, int number, Integer corrects, Bulletin previous, Collection<InitiativeStatus> statuses,
            Function<String, Initiative> catalog, Instant now, ZoneId zone, String actor) {
    }

    static Bulletin make(Inputs in) {
        LocalDate today = LocalDate.ofInstant(in.now(), in.zone());
        Instant since = in.previous() == null ? null : in.previous().getGeneratedAt();
        List<BulletinItem> items = new ArrayList<>(in.statuses().size());
        LocalDate earliestStart = today;
        for (InitiativeStatus status : sorted(in.statuses())) {
            Initiative initiative = in.catalog().apply(status.getInitiativeId());
            if (initiative == null) {
                continue; // left the catalog; its tombstone is on its way
            }
            if (status.getStartDate().isBefore(earliestStart)) {
                earliestStart = status.getStartDate();
            }
            items.add(item(status, initiative, since));
        }
        LocalDate from = in.previous() == null ? earliestStart : in.previous().getPeriodTo().plusDays(1);
        return Bulletin.newBuilder()
            .setPlan(in.plan())
            .setNumber(in.number())
            .setPeriodFrom(from.isAfter(today) ? today : from)
            .setPeriodTo(today)
            .setGeneratedAt(in.now())
            .setCorrects(in.corrects())
            .setPrevious(in.previous() == null ? null : in.previous().getNumber())
            .setState(BulletinState.DRAFT)
            .setSteps(List.of(new BulletinStep(BulletinStepKind.GENERATED, in.actor(), in.now(), null)))
            .setItems(items)
            .setChanges(changes(items, in.previous(), since))
            .build();
    }

    private static List<InitiativeStatus> sorted(Collection<InitiativeStatus> statuses) {
        List<InitiativeStatus> sorted = new ArrayList<>(statuses);
        sorted.sort(Comparator.comparing(InitiativeStatus::getInitiativeId));
        return sorted;
    }

    private static BulletinItem item(InitiativeStatus s, Initiative initiative, Instant since) {
        List<BulletinSlip> slips = new ArrayList<>();
        for (Slip slip : s.getSlips()) {
            boolean open = slip.getState() != SlipState.CLOSED && slip.getState() != SlipState.WITHDRAWN;
            boolean closedSince = !open && slip.getClosedAt() != null
                    && (since == null || slip.getClosedAt().isAfter(since));
            if (open || closedSince) {
                slips.add(new BulletinSlip(slip.getId(), slip.getColour(), slip.getState(), slip.getIssuedAt(),
                        slip.getClosedAt()));
            }
        }
        return BulletinItem.newBuilder()
            .setInitiativeId(s.getInitiativeId())
            .setName(initiative.getName())
            .setProgram(initiative.getProgram())
            .setDepartment(initiative.getDepartment())
            .setPublic$(initiative.getPublic$())
            .setDueDate(initiative.getDueDate())
            .setHealth(s.getHealth())
            .setProgress(s.getProgress())
            .setExpected(s.getExpected())
            .setOverdue(s.getOverdue())
            .setStalled(s.getStalled())
            .setSilent(s.getSilent())
            .setNote(shortened(s.getNote()))
            .setNoteAt(s.getNoteAt())
            .setNotePublic(false)
            .setReportsJudged(s.getReportsJudged())
            .setReportsOnCadence(s.getReportsOnCadence())
            .setSlips(slips)
            .build();
    }

    /**
     * A bulletin quotes a note, it does not reproduce it: this keeps 50,000 initiatives
     * in one record.
     */
    static final int NOTE_LENGTH = 200;

    static String shortened(String note) {
        if (note == null || note.codePointCount(0, note.length()) <= NOTE_LENGTH) {
            return note;
        }
        return note.substring(0, note.offsetByCodePoints(0, NOTE_LENGTH - 1)) + "…";
    }

    /**
     * Against the previous published bulletin; the first bulletin counts from the plan's
     * start.
     */
    static BulletinChanges changes(List<BulletinItem> items, Bulletin previous, Instant since) {
        Map<String, BulletinItem> before = new HashMap<>();
        if (previous != null) {
            previous.getItems().forEach(i -> before.put(i.getInitiativeId(), i));
        }
        List<String> offTrack = new ArrayList<>();
        List<String> recovered = new ArrayList<>();
        List<String> completed = new ArrayList<>();
        List<String> issued = new ArrayList<>();
        List<String> closed = new ArrayList<>();
        for (BulletinItem item : items) {
            BulletinItem was = before.get(item.getInitiativeId());
            if (offTrack(item) && (was == null || !offTrack(was))) {
                offTrack.add(item.getInitiativeId());
            }
            if (item.getHealth() == StatusHealth.ON_TRACK && was != null && !item.getOverdue()
                    && (offTrack(was) || was.getHealth() == StatusHealth.AT_RISK)) {
                recovered.add(item.getInitiativeId());
            }
            if (item.getHealth() == StatusHealth.COMPLETED
                    && (was == null || was.getHealth() != StatusHealth.COMPLETED)) {
                completed.add(item.getInitiativeId());
            }
            for (BulletinSlip slip : item.getSlips()) {
                if (since == null || slip.getIssuedAt().isAfter(since)) {
                    issued.add(item.getInitiativeId() + "/" + slip.getId());
                }
                if (slip.getState() == SlipState.CLOSED && slip.getClosedAt() != null
                        && (since == null || slip.getClosedAt().isAfter(since))) {
                    closed.add(item.getInitiativeId() + "/" + slip.getId());
                }
            }
        }
        return new BulletinChanges(offTrack, recovered, completed, issued, closed);
    }

    private static boolean offTrack(BulletinItem item) {
        return item.getHealth() == StatusHealth.OFF_TRACK || item.getOverdue();
    }

}
