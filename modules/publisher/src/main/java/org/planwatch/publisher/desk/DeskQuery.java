package org.planwatch.publisher.desk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.events.avro.StatusCondition;
import org.planwatch.events.avro.StatusHealth;

/**
 * What the desk's pages ask of the whole plan: pure functions of the statuses it follows.
 */
final class DeskQuery {

    static final List<Integer> SIZES = List.of(20, 50, 100);

    private DeskQuery() {
    }

    /** The traffic light of the health rules: 绿/黄/红, or 已完成, 未开始. */
    enum Light {

        GREEN("绿"), YELLOW("黄"), RED("红"), COMPLETED("已完成"), NOT_STARTED("未开始");

        private final String label;

        Light(String label) {
            this.label = label;
        }

        // Public: the templates call these.
        public String label() {
            return label;
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Light of(StatusHealth health) {
            return switch (health) {
                case ON_TRACK -> GREEN;
                case AT_RISK -> YELLOW;
                case OFF_TRACK -> RED;
                case COMPLETED -> COMPLETED;
                case NOT_STARTED -> NOT_STARTED;
            };
        }

        static Light parse(String param) {
            for (Light light : values()) {
                if (light.param().equals(param)) {
                    return light;
                }
            }
            return null;
        }

    }

    /** The overview's filters; null or false means "any". */
    record Filter(String program, String department, Light light, boolean stalled, boolean silent, boolean overdue,
            boolean forecastLate, String text) {

        Predicate<InitiativeStatus> predicate() {
            String q = text == null || text.isBlank() ? null : text.strip();
            return s -> (program == null || program.equals(s.getProgram()))
                    && (department == null || department.equals(s.getDepartment()))
                    && (light == null || Light.of(s.getHealth()) == light) && (!stalled || s.getStalled())
                    && (!silent || s.getSilent()) && (!overdue || s.getOverdue())
                    && (!forecastLate || s.getForecastLate()) && (q == null || s.getName().contains(q));
        }
    }

    enum Sort {

        /** Furthest behind its trajectory first. */
        VARIANCE(Comparator.comparingDouble(InitiativeStatus::getVariance)),
        DUE(Comparator.comparing(InitiativeStatus::getDueDate)),
        /** Oldest news first; never reported before all. */
        LAST_REPORT(Comparator.comparing(InitiativeStatus::getLastReportAt,
                Comparator.nullsFirst(Comparator.naturalOrder()))),
        NAME(Comparator.comparing(InitiativeStatus::getName));

        final Comparator<InitiativeStatus> order;

        Sort(Comparator<InitiativeStatus> order) {
            this.order = order.thenComparing(InitiativeStatus::getInitiativeId);
        }

        String param() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Sort parse(String param) {
            for (Sort sort : values()) {
                if (sort.param().equals(param)) {
                    return sort;
                }
            }
            return VARIANCE;
        }

    }

    record Page<T>(List<T> items, int page, int size, int total) {

        public int pages() {
            return Math.max(1, (total + size - 1) / size);
        }
    }

    /** Filters, sorts, and cuts one page; a page past the end is the last one. */
    static Page<InitiativeStatus> overview(Collection<InitiativeStatus> all, Filter filter, Sort sort, int page,
            int size) {
        List<InitiativeStatus> matched = new ArrayList<>();
        Predicate<InitiativeStatus> keep = filter.predicate();
        for (InitiativeStatus s : all) {
            if (keep.test(s)) {
                matched.add(s);
            }
        }
        matched.sort(sort.order);
        int pages = Math.max(1, (matched.size() + size - 1) / size);
        int at = Math.min(Math.max(0, page), pages - 1);
        List<InitiativeStatus> items = matched.subList(Math.min(at * size, matched.size()),
                Math.min((at + 1) * size, matched.size()));
        return new Page<>(List.copyOf(items), at, size, matched.size());
    }

    /** Counts of the plan by light, by program and by department, each id in order. */
    record Counts(Map<Light, Integer> byLight, Map<String, Integer> byProgram, Map<String, Integer> byDepartment,
            int total) {
    }

    static Counts counts(Collection<InitiativeStatus> all) {
        Map<Light, Integer> byLight = new EnumMap<>(Light.class);
        for (Light light : Light.values()) {
            byLight.put(light, 0);
        }
        Map<String, Integer> byProgram = new TreeMap<>();
        Map<String, Integer> byDepartment = new TreeMap<>();
        int total = 0;
        for (InitiativeStatus s : all) {
            byLight.merge(Light.of(s.getHealth()), 1, Integer::sum);
            byProgram.merge(s.getProgram(), 1, Integer::sum);
            byDepartment.merge(s.getDepartment(), 1, Integer::sum);
            total++;
        }
        return new Counts(byLight, byProgram, byDepartment, total);
    }

    /**
     * One row per initiative that is in any condition: worst condition first (the order
     * of {@link StatusCondition}), then the one that has held it longest.
     */
    static List<InitiativeStatus> attention(Collection<InitiativeStatus> all) {
        List<InitiativeStatus> rows = new ArrayList<>();
        for (InitiativeStatus s : all) {
            if (!s.getConditions().isEmpty()) {
                rows.add(s);
            }
        }
        rows.sort(Comparator.comparing((InitiativeStatus s) -> worst(s).getCondition())
            .thenComparing(s -> worst(s).getSince())
            .thenComparing(InitiativeStatus::getInitiativeId));
        return rows;
    }

    private static ConditionSince worst(InitiativeStatus s) {
        return s.getConditions().stream().min(Comparator.comparing(ConditionSince::getCondition)).orElseThrow();
    }

    /**
     * @param meanShortfall mean of (expected - progress) over the department's
     * initiatives that are behind or on it, in percentage points; those ahead count as 0
     */
    record DepartmentLine(String department, Map<Light, Integer> byLight, int stalled, int silent, int total,
            double meanShortfall) {
    }

    static List<DepartmentLine> departments(Collection<InitiativeStatus> all) {
        Map<String, List<InitiativeStatus>> byDepartment = new TreeMap<>();
        for (InitiativeStatus s : all) {
            byDepartment.computeIfAbsent(s.getDepartment(), d -> new ArrayList<>()).add(s);
        }
        List<DepartmentLine> lines = new ArrayList<>();
        byDepartment.forEach((department, statuses) -> {
            Map<Light, Integer> byLight = new EnumMap<>(Light.class);
            for (Light light : Light.values()) {
                byLight.put(light, 0);
            }
            int stalled = 0;
            int silent = 0;
            double shortfall = 0;
            for (InitiativeStatus s : statuses) {
                byLight.merge(Light.of(s.getHealth()), 1, Integer::sum);
                stalled += s.getStalled() ? 1 : 0;
                silent += s.getSilent() ? 1 : 0;
                shortfall += Math.max(0, -s.getVariance());
            }
            lines.add(new DepartmentLine(department, byLight, stalled, silent, statuses.size(),
                    100 * shortfall / statuses.size()));
        });
        return lines;
    }

    /** Days from {@code at} to {@code now}, rounded down; null for never. */
    static Long ageDays(Instant at, Instant now) {
        return at == null ? null : Math.max(0, Duration.between(at, now).toDays());
    }

}
