package org.planwatch.publisher.problem;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Input checks shared by the catalog and report mappers; each adds a {@link FieldProblem}
 * instead of throwing.
 */
public final class FieldChecks {

    private FieldChecks() {
    }

    /**
     * An enum given in JSON in lower case ({@code on_track}); {@code fallback} when
     * absent or wrong.
     */
    public static <E extends Enum<E>> E enumValue(List<FieldProblem> problems, String field, String value,
            Class<E> type, E fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(field,
                    "must be one of " + Arrays.stream(type.getEnumConstants()).map(FieldChecks::lower).toList()));
            return fallback;
        }
    }

    public static void text(List<FieldProblem> problems, String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(new FieldProblem(field, "is required"));
            }
        }
        else if (value.length() > max) {
            problems.add(new FieldProblem(field, "is longer than " + max + " characters"));
        }
    }

    public static String lower(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

}
