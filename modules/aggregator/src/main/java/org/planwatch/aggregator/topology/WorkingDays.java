package org.planwatch.aggregator.topology;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * Working days in the plan's zone: Monday to Friday, less the configured holidays.
 * Supervision deadlines and escalation count these, as an office does (三个工作日内反馈).
 */
final class WorkingDays {

    private final ZoneId zone;

    private final Set<LocalDate> holidays;

    WorkingDays(ZoneId zone, Iterable<LocalDate> holidays) {
        this.zone = zone;
        HashSet<LocalDate> days = new HashSet<>();
        holidays.forEach(days::add);
        this.holidays = Set.copyOf(days);
    }

    boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(day);
    }

    /** {@code from} moved on by {@code days} working days, to the same time of day. */
    Instant plus(Instant from, int days) {
        ZonedDateTime at = from.atZone(zone);
        int left = days;
        while (left > 0) {
            at = at.plusDays(1);
            if (isWorkingDay(at.toLocalDate())) {
                left--;
            }
        }
        return at.toInstant();
    }

    /**
     * Whether at least {@code days} working days have passed from {@code from} to
     * {@code now}.
     */
    boolean passed(Instant from, int days, Instant now) {
        return !now.isBefore(plus(from, days));
    }

    /** The midnight that ends {@code day}, in the zone. */
    Instant endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

}
