package org.planwatch.sheets;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.regex.Pattern;

/**
 * The publisher's input rules, as this module applies them before anything is sent, so
 * that a file that passes here is accepted there. They are copies, not references: this
 * module must not depend on the publisher (the importer ships without it). The importer's
 * {@code InputRulesMatchPublisherTests} compares each constant with the publisher's own
 * and fails the build when they drift.
 *
 * <p>
 * Sources: {@code publisher.report.EventMapper}, {@code publisher.catalog.CatalogMapper},
 * {@code events.Topics}, and {@code planwatch.publisher.max-future-skew} (default 1 day).
 */
public final class InputRules {

    /** {@code EventMapper.EVENT_ID}. */
    public static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** {@code CatalogMapper.ID}: initiative ids. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,47}");

    /** {@code CatalogMapper.SHORT_ID}: KPI, milestone and department ids. */
    public static final Pattern SHORT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");

    /** {@code Topics.PROGRAM_ID}; {@code dlt} is reserved. */
    public static final Pattern PROGRAM_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final int MAX_NOTE = 2000;

    public static final int MAX_REPORTED_BY = 100;

    public static final int MAX_NAME = 200;

    public static final int MAX_DESCRIPTION = 4000;

    public static final int MAX_KPI_UNIT = 20;

    /** {@code EventMapper.EARLIEST}: reports about the time before this are typos. */
    public static final Instant EARLIEST_REPORT = Instant.parse("2000-01-01T00:00:00Z");

    /**
     * The publisher's default {@code max-future-skew}: how far ahead of now an
     * {@code occurredAt} may lie.
     */
    public static final Duration MAX_FUTURE_SKEW = Duration.ofDays(1);

    /** {@code CatalogMapper.EARLIEST_DATE} / {@code LATEST_DATE}: plan dates. */
    public static final LocalDate EARLIEST_DATE = LocalDate.of(2000, 1, 1);

    public static final LocalDate LATEST_DATE = LocalDate.of(2100, 12, 31);

    /** {@code CatalogMapper}: defaults and bounds of the catalog's numbers. */
    public static final int DEFAULT_CADENCE_DAYS = 14;

    public static final int DEFAULT_STALL_DAYS = 30;

    public static final int MAX_DAYS = 366;

    private InputRules() {
    }

}
