package org.planwatch.sheets;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How to read a progress sheet.
 *
 * @param zone the zone of dates and times written without an offset (the plan's zone). A
 * date with no time means {@link #REPORT_TIME} (17:00, the end of the working day) on
 * that date there
 * @param clock what "now" is, for "not in the future"
 * @param catalog the initiatives the sender may report on, by id, when known: each row is
 * then also checked for its initiative, KPI and milestone ids, as the publisher will.
 * {@code null}: not checked here (the publisher still checks)
 */
public record ReadOptions(ZoneId zone, Clock clock, Map<String, KnownInitiative> catalog) {

    /** The demo plan's zone (Tianjin). */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Shanghai");

    /** A report dated without a time is about the end of that working day. */
    public static final LocalTime REPORT_TIME = LocalTime.of(17, 0);

    public ReadOptions {
        if (zone == null || clock == null) {
            throw new IllegalArgumentException("zone and clock are required");
        }
        catalog = catalog == null ? null : Map.copyOf(catalog);
    }

    /** Asia/Shanghai, the system clock, no catalog check. */
    public static ReadOptions defaults() {
        return new ReadOptions(DEFAULT_ZONE, Clock.systemUTC(), null);
    }

    public ReadOptions withZone(ZoneId zone) {
        return new ReadOptions(zone, clock, catalog);
    }

    public ReadOptions withClock(Clock clock) {
        return new ReadOptions(zone, clock, catalog);
    }

    /**
     * Check rows against these initiatives: the ones the sender works on (e.g. a
     * department's catalog list).
     */
    public ReadOptions withCatalog(Collection<KnownInitiative> initiatives) {
        Map<String, KnownInitiative> byId = new LinkedHashMap<>();
        initiatives.forEach(i -> byId.put(i.id(), i));
        return new ReadOptions(zone, clock, byId);
    }

    /**
     * What a progress row is checked against when the catalog is known.
     *
     * @param id initiative id
     * @param kpis its KPI ids
     * @param milestones its milestone ids
     */
    public record KnownInitiative(String id, Set<String> kpis, Set<String> milestones) {

        public KnownInitiative {
            kpis = Set.copyOf(kpis);
            milestones = Set.copyOf(milestones);
        }
    }
}
