package org.planwatch.sheets;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ValuesTests {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "45|45", "45%|45", "４５％|45", "45.50|45.5", "'1,200'|1200", "-0.5|-0.5",
            "0.30000000000000004|0.3", "1e2|100" })
    void numbersAreWhatTheCellShows(String text, String expected) {
        assertThat(Values.number(Cell.text(text))).isEqualByComparingTo(new BigDecimal(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "abc", "NaN", "Infinity", "1e400", "'1,2,3'", "#N/A" })
    void nonNumbersAreNull(String text) {
        assertThat(Values.number(Cell.text(text))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|',
            value = { "2026-06-30|2026-06-30T17:00+08:00", "2026/6/30|2026-06-30T17:00+08:00",
                    "2026.6.30|2026-06-30T17:00+08:00", "2026年6月30日|2026-06-30T17:00+08:00",
                    "20260630|2026-06-30T17:00+08:00", "2026/6/30 9:05|2026-06-30T09:05+08:00",
                    "2026-06-30 00:00|2026-06-30T17:00+08:00", "2026-06-30T09:00:00Z|2026-06-30T09:00Z",
                    "2026-06-30 17:00:00+08:00|2026-06-30T17:00+08:00", "２０２６－０６－３０|2026-06-30T17:00+08:00" })
    void momentsFromText(String text, String expected) {
        assertThat(Values.moment(Cell.text(text), SHANGHAI)).isEqualTo(OffsetDateTime.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "yesterday", "6/30/2026", "2026-13-01", "46203", "2026-06-30 25:00" })
    void unreadableMomentsAreNull(String text) {
        assertThat(Values.moment(Cell.text(text), SHANGHAI)).isNull();
    }

    @Test
    void anExcelDateCellAtMidnightIsADateAlone() {
        assertThat(Values.moment(Cell.date(LocalDate.of(2026, 6, 30).atStartOfDay()), SHANGHAI))
            .isEqualTo(OffsetDateTime.parse("2026-06-30T17:00+08:00"));
        assertThat(Values.date(Cell.text("2026/6/30"))).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(Values.date(Cell.text("2026/6/30 12:00"))).as("a plan date has no time").isNull();
    }

    @Test
    void listsSplitOnCommasEnumerationCommasSemicolonsAndSpaces() {
        assertThat(Values.list(Cell.text("m1、m2，m3; m4 m1"))).containsExactly("m1", "m2", "m3", "m4");
        assertThat(Values.list(Cell.BLANK)).isEmpty();
    }

    @Test
    void base32IsRfc4648LowerCase() {
        assertThat(EventIds.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("mzxw6ytboi");
    }

}
