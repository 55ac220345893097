package org.planwatch.importer;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.planwatch.sheets.Parsed;
import org.planwatch.sheets.Problem;

/**
 * The importer's report: the same lines for a dry run, a real run and the publisher's
 * refusals.
 */
final class Reports {

    private Reports() {
    }

    /**
     * Every problem, one line each, then a count; returns whether the file may be sent.
     */
    static boolean printCheck(PrintWriter out, String file, Parsed<?> parsed, boolean skipInvalid) {
        out.printf("检查 %s：%d 行数据 (checked %d data rows)%n", file, parsed.dataRows(), parsed.dataRows());
        parsed.problems().forEach(p -> out.println(p.describe()));
        int bad = parsed.badRows().size();
        if (parsed.fileProblems()) {
            out.println("文件或表头有误，未发送任何数据 (the file or its header is wrong: nothing sent)");
            return false;
        }
        if (bad > 0 && !skipInvalid) {
            out.printf("%d 行有误，未发送任何数据；请改正后重试，或用 --skip-invalid 只发送正确的行 "
                    + "(%d rows with problems: nothing sent; fix them, or use --skip-invalid to send only the"
                    + " good rows)%n", bad, bad);
            return false;
        }
        if (bad > 0) {
            out.printf("%d 行有误，将跳过 (%d rows with problems will be skipped)%n", bad, bad);
        }
        return true;
    }

    /**
     * The publisher's refusal of one row as problems on that row: one per field it names,
     * the column found from the field.
     */
    @SuppressWarnings("unchecked")
    static List<Problem> refused(int row, int status, Map<String, Object> problem, Function<String, String> column) {
        List<Problem> problems = new ArrayList<>();
        String what = status == 403 ? "无权为此事项报送：不是本部门负责或配合的事项，或不在目录中" : "服务器拒绝";
        Object errors = problem.get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            for (Object e : list) {
                Map<String, Object> error = (Map<String, Object>) e;
                String field = String.valueOf(error.get("field"));
                problems.add(new Problem(row, column.apply(field),
                        what + " (server " + status + ": " + field + " " + error.get("message") + ")"));
            }
        }
        else {
            Object field = problem.getOrDefault("field", status == 403 ? "initiativeId" : "");
            problems.add(new Problem(row, column.apply(String.valueOf(field)), what + " (server " + status + ": "
                    + problem.getOrDefault("detail", problem.getOrDefault("title", "")) + ")"));
        }
        return problems;
    }

}
