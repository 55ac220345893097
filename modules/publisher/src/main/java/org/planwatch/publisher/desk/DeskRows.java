package org.planwatch.publisher.desk;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.planwatch.events.avro.ConditionSince;
import org.planwatch.events.avro.InitiativeStatus;
import org.planwatch.publisher.web.WebProperties;

/** What the desk's templates show of a status, in Chinese and by names, not ids. */
final class DeskRows {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private final WebProperties web;

    DeskRows(WebProperties web) {
        this.web = web;
    }

    /**
     * @param progress percent done, rounded; {@code expected} likewise, by the planned
     * trajectory
     * @param lastReport the day of the latest counted report, null for none; {@code age}
     * its age in days
     * @param worst the worst condition's symbol in lower case (a prefilled slip starts
     * from it), or null
     */
    record Row(String id, String name, String department, String departmentName, String program, String programName,
            String light, String lightClass, long progress, long expected, String dueDate, String lastReport, Long age,
            List<Condition> conditions, String worst) {
    }

    record Condition(String name, String since, long days) {
    }

    Row row(InitiativeStatus s, Instant now) {
        DeskQuery.Light light = DeskQuery.Light.of(s.getHealth());
        List<Condition> conditions = s.getConditions().stream().map(c -> condition(c, now)).toList();
        return new Row(s.getInitiativeId(), s.getName(), s.getDepartment(), web.departmentName(s.getDepartment()),
                s.getProgram(), web.programName(s.getProgram()), light.label(), "light-" + light.param(),
                Math.round(s.getProgress() * 100), Math.round(s.getExpected() * 100), s.getDueDate().toString(),
                day(s.getLastReportAt()), DeskQuery.ageDays(s.getLastReportAt(), now), conditions,
                s.getConditions().isEmpty() ? null : ConditionNames.lower(s.getConditions().get(0).getCondition()));
    }

    private Condition condition(ConditionSince c, Instant now) {
        return new Condition(ConditionNames.of(c.getCondition()), day(c.getSince()),
                DeskQuery.ageDays(c.getSince(), now));
    }

    String day(Instant at) {
        return at == null ? null : DAY.format(at.atZone(zone()));
    }

    ZoneId zone() {
        return web.zone();
    }

}
