package org.planwatch.publisher.web;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.planwatch.access.Caller;
import org.planwatch.events.avro.Initiative;
import org.planwatch.events.avro.Kpi;
import org.planwatch.events.avro.Milestone;
import org.planwatch.publisher.PublisherProperties;
import org.planwatch.publisher.report.EventRequest;
import org.planwatch.publisher.report.ReportService;
import org.planwatch.sheets.Parsed;
import org.planwatch.sheets.Problem;
import org.planwatch.sheets.ProgressReport;
import org.planwatch.sheets.ProgressSheet;
import org.planwatch.sheets.ReadOptions;
import org.planwatch.sheets.Row;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * A spreadsheet uploaded on the page, handled as the importer handles it: every row
 * checked with the same rules (the {@code sheets} module) against the department's own
 * initiatives, every problem reported by row and column, nothing sent unless every row is
 * good (or the clerk chose to skip the bad ones), and each row's eventId derived from its
 * content, so uploading the same file again, or again after an outage, never counts a row
 * twice.
 */
@Component
class SheetUpload {

    private final ReportService reports;

    private final PublisherProperties properties;

    private final WebProperties web;

    private final Clock clock;

    SheetUpload(ReportService reports, PublisherProperties properties, WebProperties web, Clock clock) {
        this.reports = reports;
        this.properties = properties;
        this.web = web;
        this.clock = clock;
    }

    /**
     * @param problems every problem, the file's own first, then by row
     * @param sent whether anything was sent (false on a check only, or when a bad row
     * stopped it)
     */
    record Outcome(String fileName, int dataRows, int accepted, int unavailable, List<Problem> problems,
            Set<Integer> badRows, boolean checkOnly, boolean sent) {

        public boolean ok() {
            return problems.isEmpty() && unavailable == 0;
        }
    }

    Outcome handle(Caller caller, Collection<Initiative> mine, String fileName, byte[] content, boolean checkOnly,
            boolean skipInvalid) {
        ReadOptions options = new ReadOptions(web.zone(), clock, null).withCatalog(mine.stream()
            .map(i -> new ReadOptions.KnownInitiative(i.getId(),
                    Set.copyOf(i.getKpis().stream().map(Kpi::getId).toList()),
                    Set.copyOf(i.getMilestones().stream().map(Milestone::getId).toList())))
            .toList());
        Parsed<ProgressReport> parsed = ProgressSheet.read(content, fileName, options);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        boolean send = !checkOnly && !parsed.fileProblems() && !parsed.rows().isEmpty() && (parsed.ok() || skipInvalid);
        if (!send) {
            return new Outcome(fileName, parsed.dataRows(), 0, 0, problems, parsed.badRows(), checkOnly, false);
        }
        int accepted = 0;
        int unavailable = 0;
        Set<Integer> bad = new HashSet<>(parsed.badRows());
        List<Row<ProgressReport>> rows = parsed.rows();
        for (int from = 0; from < rows.size(); from += properties.maxBatchSize()) {
            List<Row<ProgressReport>> chunk = rows.subList(from,
                    Math.min(rows.size(), from + properties.maxBatchSize()));
            List<ReportService.Result> results = reports.report(caller,
                    chunk.stream().map(r -> request(r.value())).toList());
            for (int i = 0; i < results.size(); i++) {
                ReportService.Result result = results.get(i);
                int row = chunk.get(i).number();
                if (result.status() == 202) {
                    accepted++;
                }
                else if (result.status() == 503) {
                    unavailable++;
                    problems.add(new Problem(row, "",
                            "暂时无法提交，请稍后重新上传同一文件，不会重复计数 (not accepted: Kafka is unavailable; upload the same"
                                    + " file again later, it is counted once)"));
                }
                else {
                    bad.add(row);
                    problems.add(refused(row, result.problem()));
                }
            }
        }
        problems.sort(Comparator.comparingInt(Problem::row));
        return new Outcome(fileName, parsed.dataRows(), accepted, unavailable, problems, bad, false, true);
    }

    private static EventRequest request(ProgressReport r) {
        return new EventRequest(r.eventId(), r.initiativeId(), r.occurredAt(), r.percentComplete(), r.kpis(),
                r.milestones(), r.declaredHealth(), r.note(), r.reportedBy(), ProgressReport.SOURCE, r.supersedes());
    }

    /** The publisher's refusal of a row, on the column it concerns. */
    private static Problem refused(int row, ProblemDetail problem) {
        Map<String, Object> extra = problem == null || problem.getProperties() == null ? Map.of()
                : problem.getProperties();
        Object field = extra.get("field");
        String detail = problem == null ? "" : problem.getDetail();
        String chinese = problem != null && problem.getStatus() == 403 ? "事项不在目录中，或不是本部门负责或配合的事项" : "发布服务拒收此行";
        return new Problem(row, ProgressSheet.column(field == null ? null : field.toString()),
                chinese + " (" + detail + ")");
    }

}
