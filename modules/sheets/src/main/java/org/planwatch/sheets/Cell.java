package org.planwatch.sheets;

import java.math.BigDecimal;
import java.time.LocalDateTime;

/**
 * One cell as the file stores it, before any column's meaning is applied. A CSV cell is
 * text only; an Excel cell may be a number, a date, text or a formula's error.
 *
 * @param text what the cell says, stripped; for a number, its plain decimal digits (with
 * {@code %} for a percent-formatted one); never null, empty for a blank cell
 * @param number the value of a numeric cell as displayed: a percent-formatted 0.45 is 45
 * (as it shows, and as Excel writes it to CSV)
 * @param dateTime the value of a date-formatted numeric cell
 * @param error the formula error ({@code #DIV/0!}) of a cell whose formula failed
 */
record Cell(String text, BigDecimal number, LocalDateTime dateTime, String error) {

    static final Cell BLANK = new Cell("", null, null, null);

    static Cell text(String text) {
        String stripped = text == null ? "" : text.strip();
        return stripped.isEmpty() ? BLANK : new Cell(stripped, null, null, null);
    }

    static Cell number(BigDecimal number, boolean percent) {
        return new Cell(number.toPlainString() + (percent ? "%" : ""), number, null, null);
    }

    static Cell date(LocalDateTime dateTime) {
        return new Cell(dateTime.toString(), null, dateTime, null);
    }

    static Cell error(String error) {
        return new Cell(error, null, null, error);
    }

    boolean blank() {
        return text.isEmpty();
    }
}
