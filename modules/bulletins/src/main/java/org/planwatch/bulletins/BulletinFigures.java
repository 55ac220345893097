package org.planwatch.bulletins;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import org.planwatch.events.avro.Bulletin;
import org.planwatch.events.avro.BulletinChanges;
import org.planwatch.events.avro.BulletinItem;
import org.planwatch.events.avro.BulletinSlip;
import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.StatusHealth;

/**
 * What every rendering of a bulletin shows (PDF, xlsx, the publisher's HTML), computed
 * once from the record so the three cannot disagree on a count, an order or a label.
 * Plain accessors and public records: a Thymeleaf template reads them as they are. Text
 * that may be absent (a note, a day) is an empty string, never null.
 */
public final class BulletinFigures {

    /**
     * One light's count and its share (0-1) of all initiatives; {@code css} names the
     * light for a stylesheet.
     */
    public record Count(String label, String css, long count, double share) {
    }

    /**
     * A program's or department's initiatives by light, and how many are overdue, stalled
     * or silent.
     */
    public record Group(String id, String name, long total, long green, long yellow, long red, long completed,
            long notStarted, long overdue, long stalled, long silent) {
    }

    /**
     * One initiative as printed: {@code progress} and {@code expected} in whole percent,
     * {@code light} the Chinese label of its health, {@code slips} e.g.
     * "红色督办·已签收；黄色督办·已答复" (empty when none).
     */
    public record Item(String id, String name, String department, String departmentName, String programName,
            String light, long progress, long expected, String dueDate, boolean overdue, boolean stalled,
            boolean silent, String note, String noteDay, boolean notePublic, String slips) {
    }

    /**
     * A supervision slip issued or closed since the previous bulletin; {@code closedDay}
     * empty while open.
     */
    public record SlipRow(String id, String initiativeName, String departmentName, String colour, String state,
            String issuedDay, String closedDay) {
    }

    /**
     * A department's place in the punctuality ranking: {@code share} is onCadence /
     * judged over its initiatives (null when nothing was judged), {@code red} its
     * off-track initiatives, {@code total} all of them.
     */
    public record Punctuality(int rank, String department, String name, long judged, long onCadence, Double share,
            long red, long total) {
    }

    /**
     * A row and the record it came from, kept together to sort by variance finer than the
     * row's whole percents.
     */
    private record Entry(BulletinItem source, Item row) {
    }

    private final Bulletin bulletin;

    private final Names names;

    private final List<Item> items;

    private final List<Count> byHealth;

    private final List<Group> byProgram;

    private final List<Group> byDepartment;

    private final List<Item> red;

    private final List<Item> yellow;

    private final List<Punctuality> ranking;

    private final List<Item> newlyOffTrack;

    private final List<Item> recovered;

    private final List<Item> completed;

    private final List<SlipRow> slipsIssued;

    private final List<SlipRow> slipsClosed;

    private BulletinFigures(Bulletin bulletin, Names names) {
        this.bulletin = bulletin;
        this.names = names;
        Comparator<String> byName = Collator.getInstance(Locale.CHINA)::compare;
        List<Entry> entries = new ArrayList<>(bulletin.getItems().size());
        Map<StatusHealth, Long> counts = new EnumMap<>(StatusHealth.class);
        Map<String, Tally> programs = new LinkedHashMap<>();
        Map<String, Tally> departments = new LinkedHashMap<>();
        Map<String, Item> itemsById = new HashMap<>();
        Map<String, SlipRow> slipsById = new HashMap<>();
        for (BulletinItem source : bulletin.getItems()) {
            Item row = item(source);
            entries.add(new Entry(source, row));
            itemsById.putIfAbsent(row.id(), row);
            for (BulletinSlip slip : source.getSlips()) {
                // Slip ids are unique per initiative only; the changes name them
                // initiativeId/slipId.
                slipsById.putIfAbsent(source.getInitiativeId() + "/" + slip.getId(), slipRow(slip, row));
            }
            counts.merge(source.getHealth(), 1L, Long::sum);
            programs.computeIfAbsent(source.getProgram(), id -> new Tally(id, names.programName(id))).add(source);
            departments.computeIfAbsent(source.getDepartment(), id -> new Tally(id, names.departmentName(id)))
                .add(source);
        }
        this.items = entries.stream().map(Entry::row).toList();
        this.byHealth = Labels.LIGHTS.stream().map(light -> count(light, counts.getOrDefault(light, 0L))).toList();
        this.byProgram = groups(programs, byName);
        this.byDepartment = groups(departments, byName);
        Comparator<Entry> worstFirst = Comparator.comparingLong((Entry e) -> variance(e.source()))
            .thenComparing(e -> e.row().name(), byName)
            .thenComparing(e -> e.row().id());
        this.red = pick(entries, e -> e.source().getHealth() == StatusHealth.OFF_TRACK, worstFirst);
        this.yellow = pick(entries, e -> e.source().getHealth() == StatusHealth.AT_RISK, worstFirst);
        this.ranking = Ranking.of(departments.values(), byName);
        BulletinChanges changes = bulletin.getChanges();
        this.newlyOffTrack = rows(changes.getNewlyOffTrack(), itemsById);
        this.recovered = rows(changes.getRecovered(), itemsById);
        this.completed = rows(changes.getCompleted(), itemsById);
        this.slipsIssued = rows(changes.getSlipsIssued(), slipsById);
        this.slipsClosed = rows(changes.getSlipsClosed(), slipsById);
    }

    /** The figures of one bulletin; milliseconds for a plan of 10,000 initiatives. */
    public static BulletinFigures of(Bulletin bulletin, Names names) {
        return new BulletinFigures(Objects.requireNonNull(bulletin, "bulletin"), Objects.requireNonNull(names));
    }

    public int number() {
        return bulletin.getNumber();
    }

    /** The plan's id; empty for a bulletin of a deployment's plan-less initiatives. */
    public String plan() {
        return bulletin.getPlan() == null ? "" : bulletin.getPlan();
    }

    /**
     * "<plan>:<N>", or "<N>" without a plan: the bulletin's key and its id in every link.
     */
    public String id() {
        return id(bulletin.getPlan(), bulletin.getNumber());
    }

    public static String id(String plan, int number) {
        return (plan == null ? "" : plan + ":") + number;
    }

    /** The plan's name; empty for a bulletin of plan-less initiatives. */
    public String planName() {
        return names.planName(bulletin.getPlan());
    }

    /** "督查通报 第N期", after the plan's name when it has one. */
    public String title() {
        String plan = names.planName(bulletin.getPlan());
        return (plan.isEmpty() ? "" : plan + " ") + "督查通报 第" + bulletin.getNumber() + "期";
    }

    /** "yyyy-MM-dd 至 yyyy-MM-dd". */
    public String period() {
        return Labels.DAY.format(bulletin.getPeriodFrom()) + " 至 " + Labels.DAY.format(bulletin.getPeriodTo());
    }

    /** When it was generated, "yyyy-MM-dd HH:mm" in the plan's zone. */
    public String generated() {
        return Labels.MINUTE.format(bulletin.getGeneratedAt().atZone(names.zone()));
    }

    public BulletinState state() {
        return bulletin.getState();
    }

    /** 草稿, 已审核, 已发布 or 已撤回. */
    public String stateLabel() {
        return stateLabel(bulletin.getState());
    }

    /** A state's Chinese label (草稿, 已审核, 已发布, 已撤回), for lists that hold no figures. */
    public static String stateLabel(BulletinState state) {
        return Labels.state(state);
    }

    /** The published number this bulletin corrects, or null. */
    public Integer corrects() {
        return bulletin.getCorrects();
    }

    public int total() {
        return items.size();
    }

    /** All five lights, always, in the order 绿, 黄, 红, 已完成, 未开始. */
    public List<Count> byHealth() {
        return byHealth;
    }

    /** Most red first, then most yellow, then by name. */
    public List<Group> byProgram() {
        return byProgram;
    }

    /** Most red first, then most yellow, then by name. */
    public List<Group> byDepartment() {
        return byDepartment;
    }

    /**
     * Off track (the aggregator judges every overdue initiative off track), furthest
     * behind first, then name.
     */
    public List<Item> red() {
        return red;
    }

    /** At risk, furthest behind its trajectory first, then by name. */
    public List<Item> yellow() {
        return yellow;
    }

    /**
     * Off track or overdue now and not in the previous bulletin; ids the bulletin does
     * not hold are left out.
     */
    public List<Item> newlyOffTrack() {
        return newlyOffTrack;
    }

    /** Off track or at risk in the previous bulletin, on track now. */
    public List<Item> recovered() {
        return recovered;
    }

    /** Completed since the previous bulletin. */
    public List<Item> completed() {
        return completed;
    }

    /**
     * Slips issued since the previous bulletin, found through the initiatives that hold
     * them.
     */
    public List<SlipRow> slipsIssued() {
        return slipsIssued;
    }

    /** Slips closed since the previous bulletin. */
    public List<SlipRow> slipsClosed() {
        return slipsClosed;
    }

    /** Departments by punctuality; see {@link Punctuality}. */
    public List<Punctuality> ranking() {
        return ranking;
    }

    /** Every initiative, in the bulletin's (catalog id) order. */
    public List<Item> items() {
        return items;
    }

    private Item item(BulletinItem i) {
        List<String> slips = new ArrayList<>(i.getSlips().size());
        for (BulletinSlip slip : i.getSlips()) {
            slips.add(Labels.colour(slip.getColour()) + "·" + Labels.slipState(slip.getState()));
        }
        return new Item(i.getInitiativeId(), i.getName(), i.getDepartment(), names.departmentName(i.getDepartment()),
                names.programName(i.getProgram()), Labels.light(i.getHealth()), percent(i.getProgress()),
                percent(i.getExpected()), Labels.DAY.format(i.getDueDate()), i.getOverdue(), i.getStalled(),
                i.getSilent(), i.getNote() == null ? "" : i.getNote(), Labels.day(i.getNoteAt(), names.zone()),
                i.getNotePublic(), String.join("；", slips));
    }

    private SlipRow slipRow(BulletinSlip slip, Item item) {
        return new SlipRow(slip.getId(), item.name(), item.departmentName(), Labels.colour(slip.getColour()),
                Labels.slipState(slip.getState()), Labels.day(slip.getIssuedAt(), names.zone()),
                Labels.day(slip.getClosedAt(), names.zone()));
    }

    private Count count(StatusHealth light, long count) {
        double share = items.isEmpty() ? 0 : (double) count / items.size();
        return new Count(Labels.light(light), Labels.css(light), count, share);
    }

    /**
     * Progress minus expected in millionths: 0.7 - 0.9 and 0.3 - 0.5 are equally behind,
     * whatever the last bit.
     */
    private static long variance(BulletinItem item) {
        return Math.round((item.getProgress() - item.getExpected()) * 1e6);
    }

    private static long percent(double fraction) {
        return Math.round(fraction * 100);
    }

    private static List<Group> groups(Map<String, Tally> tallies, Comparator<String> byName) {
        return tallies.values()
            .stream()
            .map(Tally::group)
            .sorted(Comparator.comparingLong(Group::red)
                .reversed()
                .thenComparing(Comparator.comparingLong(Group::yellow).reversed())
                .thenComparing(Group::name, byName)
                .thenComparing(Group::id))
            .toList();
    }

    private static List<Item> pick(List<Entry> entries, Predicate<Entry> which, Comparator<Entry> order) {
        return entries.stream().filter(which).sorted(order).map(Entry::row).toList();
    }

    /**
     * Rows for the ids a change list names; an id the bulletin does not hold is left out,
     * not failed on.
     */
    private static <T> List<T> rows(List<String> ids, Map<String, T> byId) {
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

}
