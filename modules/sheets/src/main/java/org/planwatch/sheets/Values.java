package org.planwatch.sheets;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a cell means as a number, a date or a list, the same for an Excel cell and for its
 * text in a CSV copy. Each returns null when the cell cannot mean that; the caller says
 * which column is wrong.
 */
final class Values {

    private static final Pattern THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");

    private static final Pattern LOCAL = Pattern
        .compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?");

    private static final Pattern COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");

    /**
     * Ids in one cell: separated by commas, the Chinese enumeration comma 、, semicolons
     * or spaces.
     */
    private static final Pattern LIST_SEPARATORS = Pattern.compile("[,，、;；\\s]+");

    private Values() {
    }

    /**
     * A finite number as the cell shows it: {@code 45}, {@code 45%} (is 45),
     * {@code 1,200}, full-width digits; rounded to Excel's 15 significant digits. Null
     * for text, errors and anything non-finite.
     */
    static BigDecimal number(Cell cell) {
        if (cell.error() != null || cell.dateTime() != null) {
            return null;
        }
        if (cell.number() != null) {
            return cell.number();
        }
        String s = nfkc(cell.text()).replace(" ", "");
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1);
        }
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        try {
            BigDecimal value = new BigDecimal(s);
            return Double.isFinite(value.doubleValue()) ? value.round(ExcelReader.EXCEL_DIGITS).stripTrailingZeros()
                    : null;
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * When a report is about. An Excel date cell, or text: {@code 2026-06-30},
     * {@code 2026/6/30}, {@code 2026.6.30}, {@code 2026年6月30日}, {@code 20260630}, each
     * optionally with a time {@code 15:30[:00]}, or ISO-8601 with an offset
     * ({@code 2026-06-30T17:00:00+08:00}). Without an offset the time is in {@code zone};
     * a date alone, or a time of exactly 00:00 (what a date-only Excel cell holds), means
     * {@link ReadOptions#REPORT_TIME}. Null when it is none of these.
     */
    static OffsetDateTime moment(Cell cell, ZoneId zone) {
        LocalDateTime local = cell.dateTime();
        if (local == null && cell.error() == null) {
            String s = nfkc(cell.text());
            try {
                return OffsetDateTime.parse(s.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T"));
            }
            catch (DateTimeParseException e) {
                local = local(s);
            }
        }
        if (local == null) {
            return null;
        }
        if (local.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            local = local.toLocalDate().atTime(ReadOptions.REPORT_TIME);
        }
        return local.atZone(zone).toOffsetDateTime();
    }

    /** A plan date: a date cell or text as for {@link #moment}, without a time. */
    static LocalDate date(Cell cell) {
        if (cell.dateTime() != null) {
            return cell.dateTime().toLocalDate();
        }
        if (cell.error() != null) {
            return null;
        }
        LocalDateTime local = local(nfkc(cell.text()));
        return local == null || !local.toLocalTime().equals(LocalTime.MIDNIGHT) ? null : local.toLocalDate();
    }

    private static LocalDateTime local(String text) {
        String s = text.replace('年', '-')
            .replace('月', '-')
            .replace("日", "")
            .replace('/', '-')
            .replace('.', '-')
            .strip();
        Matcher compact = COMPACT.matcher(s);
        if (compact.matches()) {
            s = compact.group(1) + "-" + compact.group(2) + "-" + compact.group(3);
        }
        Matcher m = LOCAL.matcher(s);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            LocalTime time = m.group(4) == null ? LocalTime.MIDNIGHT : LocalTime.of(Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)), m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return date.atTime(time);
        }
        catch (DateTimeException e) {
            return null;
        }
    }

    /** Ids listed in one cell ({@code m1, m2} or {@code m1、m2}), in order, each once. */
    static List<String> list(Cell cell) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (String id : LIST_SEPARATORS.split(nfkc(cell.text()))) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        return new ArrayList<>(ids);
    }

    /** An id typed by a clerk: full-width letters and digits count as ASCII. */
    static String id(Cell cell) {
        return cell.blank() ? null : nfkc(cell.text()).strip();
    }

    static String nfkc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
    }

}
