package org.planwatch.bulletins;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a reader sees instead of ids: the Chinese names of departments, programs and
 * plans, and the plan's zone for every date and time shown. Either function may return
 * null for an id it does not know; the id is shown then, so a department missing from the
 * catalog still appears rather than vanishing from a table.
 */
public record Names(Function<String, String> department, Function<String, String> program,
        Function<String, String> plan, ZoneId zone) {

    public Names {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(zone, "zone");
    }

    /** Without plan names: a plan shows by its id. */
    public Names(Function<String, String> department, Function<String, String> program, ZoneId zone) {
        this(department, program, id -> null, zone);
    }

    public String departmentName(String id) {
        return orId(department.apply(id), id);
    }

    public String programName(String id) {
        return orId(program.apply(id), id);
    }

    /** The plan's name; empty for a bulletin of a deployment's plan-less initiatives. */
    public String planName(String id) {
        return id == null ? "" : orId(plan.apply(id), id);
    }

    private static String orId(String name, String id) {
        return name == null || name.isBlank() ? id : name;
    }
}
