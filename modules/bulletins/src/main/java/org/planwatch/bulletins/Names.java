package org.planwatch.bulletins;

import java.time.ZoneId;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a reader sees instead of ids: the Chinese names of departments and programs, and
 * the plan's zone for every date and time shown. Either function may return null for an
 * id it does not know; the id is shown then, so a department missing from the catalog
 * still appears rather than vanishing from a table.
 */
public record Names(Function<String, String> department, Function<String, String> program, ZoneId zone) {

    public Names {
        Objects.requireNonNull(department, "department");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(zone, "zone");
    }

    public String departmentName(String id) {
        return orId(department.apply(id), id);
    }

    public String programName(String id) {
        return orId(program.apply(id), id);
    }

    private static String orId(String name, String id) {
        return name == null || name.isBlank() ? id : name;
    }
}
