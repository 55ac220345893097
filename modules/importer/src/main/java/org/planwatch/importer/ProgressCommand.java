package org.planwatch.importer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.planwatch.sheets.Parsed;
import org.planwatch.sheets.Problem;
import org.planwatch.sheets.ProgressReport;
import org.planwatch.sheets.ProgressSheet;
import org.planwatch.sheets.ReadOptions;
import org.planwatch.sheets.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code importer progress FILE}: a department's progress reports, through the batch API.
 */
@Command(name = "progress", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "导入进度报告（每行一份），用部门令牌发送到 POST /api/v1/events。",
                "Imports progress reports (one per row) through POST /api/v1/events with a department token." })
final class ProgressCommand implements Callable<Integer> {

    /**
     * Per-item 503s are retried this many rounds (same eventIds) before the run stops
     * unfinished.
     */
    static final int ITEM_ROUNDS = 6;

    @ParentCommand
    Importer parent;

    @Parameters(index = "0", paramLabel = "FILE", description = ".xlsx, .xls or .csv (UTF-8, UTF-8 with BOM, GB18030)")
    Path file;

    @Option(names = "--url", paramLabel = "URL", description = "the publisher, e.g. http://127.0.0.1:8080 "
            + "(optional with --dry-run: then also checks ids against the department's catalog)")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "department token (default: $PLANWATCH_TOKEN)")
    String token;

    @Option(names = "--dry-run", description = "check every row and print the report; send nothing")
    boolean dryRun;

    @Option(names = "--skip-invalid", description = "send the good rows even when others are bad (those are reported)")
    boolean skipInvalid;

    @Option(names = "--no-catalog-check", description = "do not check initiative, KPI and milestone ids against the "
            + "department's catalog before sending; the publisher still refuses such rows one by one (403/400)")
    boolean noCatalogCheck;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500",
            description = "events per request, 1-1000 (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--journal", paramLabel = "PATH", description = "where acknowledged eventIds are kept for a resume "
            + "(default: ~/.planwatch-import/<sha256 of FILE>-<of URL>.sent)")
    Path journalPath;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai",
            description = "zone of dates without an offset (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    private int sent;

    private int duplicates;

    private int unsent;

    private final List<Problem> rejected = new ArrayList<>();

    private final Set<Integer> rejectedRows = new HashSet<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        Options options = Options.check(err, parent.environment, url, token, dryRun, batchSize);
        if (options == null) {
            return ExitCode.USAGE;
        }
        byte[] content = Options.read(err, file);
        if (content == null) {
            return ExitCode.USAGE;
        }
        ReadOptions read = ReadOptions.defaults().withZone(zone);
        PublisherClient client = options.url() == null ? null
                : new PublisherClient(options.url(), options.token(), parent.environment, err);
        if (client != null && !noCatalogCheck) {
            try {
                read = read.withCatalog(Catalogs.known(client));
            }
            catch (Catalogs.CatalogException e) {
                err.println(e.getMessage());
                return ExitCode.UNFINISHED;
            }
        }
        Parsed<ProgressReport> parsed = ProgressSheet.read(content, file.getFileName().toString(), read);
        boolean sendable = Reports.printCheck(out, file.toString(), parsed, skipInvalid);
        int invalid = parsed.badRows().size();
        if (!sendable) {
            return ExitCode.INVALID_ROWS;
        }
        if (dryRun) {
            out.printf("试运行：%d 行可以发送，未发送任何数据 (dry run: %d rows would be sent; nothing sent)%n", parsed.rows().size(),
                    parsed.rows().size());
            return invalid > 0 ? ExitCode.INVALID_ROWS : ExitCode.OK;
        }
        Path path = journalPath != null ? journalPath
                : Journal.defaultPath(parent.environment.home(), content, options.url());
        try (Journal journal = Journal.open(path)) {
            send(client, journal, parsed.rows(), err);
            rejected.forEach(p -> out.println(p.describe()));
            out.printf("完成：已发送 %d，重复（此前已发送）%d，被服务器拒绝 %d，无效已跳过 %d，未能发送 %d "
                    + "(done: sent %d, duplicates (already sent) %d, rejected %d, invalid (skipped) %d, unsent %d)%n",
                    sent, duplicates, rejectedRows.size(), invalid, unsent, sent, duplicates, rejectedRows.size(),
                    invalid, unsent);
            out.println("发送记录 journal: " + journal.path());
        }
        if (unsent > 0) {
            out.println("部分行未能发送：请稍后用同一命令重新运行，已发送的行不会重复计数 "
                    + "(some rows were not sent: run the same command again later; rows already sent are"
                    + " never counted twice)");
            return ExitCode.UNFINISHED;
        }
        return !rejectedRows.isEmpty() ? ExitCode.REJECTED : invalid > 0 ? ExitCode.INVALID_ROWS : ExitCode.OK;
    }

    private void send(PublisherClient client, Journal journal, List<Row<ProgressReport>> rows, PrintWriter err)
            throws IOException, InterruptedException {
        List<Row<ProgressReport>> pending = new ArrayList<>();
        for (Row<ProgressReport> row : rows) {
            if (journal.contains(row.value().eventId())) {
                duplicates++;
            }
            else {
                pending.add(row);
            }
        }
        ProgressBar bar = new ProgressBar(err, parent.environment.terminal(), pending.size());
        for (int from = 0; from < pending.size(); from += batchSize) {
            List<Row<ProgressReport>> batch = pending.subList(from, Math.min(pending.size(), from + batchSize));
            try {
                sendBatch(client, journal, batch, bar);
            }
            catch (PublisherClient.UnavailableException | PublisherClient.RefusedException e) {
                if (parent.environment.terminal()) {
                    err.println();
                }
                err.println("停止发送 (stopped): " + e.getMessage());
                unsent += pending.size() - from - countDone(batch, journal);
                return;
            }
        }
    }

    /** Sends one batch; per-item 503s again (same eventIds) a few rounds. */
    private void sendBatch(PublisherClient client, Journal journal, List<Row<ProgressReport>> batch, ProgressBar bar)
            throws IOException, InterruptedException, PublisherClient.UnavailableException,
            PublisherClient.RefusedException {
        List<Row<ProgressReport>> todo = batch;
        for (int round = 1; !todo.isEmpty(); round++) {
            List<PublisherClient.ItemResult> results = client
                .postEvents(todo.stream().map(r -> r.value().toEvent()).toList());
            List<String> acknowledged = new ArrayList<>();
            List<Row<ProgressReport>> again = new ArrayList<>();
            for (PublisherClient.ItemResult result : results) {
                Row<ProgressReport> row = todo.get(result.index());
                if (result.status() == 202) {
                    acknowledged.add(row.value().eventId());
                }
                else if (result.status() == 400 || result.status() == 403) {
                    rejectedRows.add(row.number());
                    rejected.addAll(
                            Reports.refused(row.number(), result.status(), result.problem(), ProgressSheet::column));
                }
                else {
                    again.add(row);
                }
            }
            journal.add(acknowledged);
            sent += acknowledged.size();
            bar.advance(todo.size() - again.size());
            if (!again.isEmpty() && round == ITEM_ROUNDS) {
                throw new PublisherClient.UnavailableException("Kafka 未确认 " + again.size()
                        + " 行 (Kafka did not acknowledge " + again.size() + " rows after " + round + " tries)", null);
            }
            if (!again.isEmpty()) {
                parent.environment.sleeper().sleep(PublisherClient.retrying(parent.environment).backoff(round));
            }
            todo = again;
        }
    }

    private int countDone(List<Row<ProgressReport>> batch, Journal journal) {
        return (int) batch.stream()
            .filter(r -> journal.contains(r.value().eventId()) || rejectedRows.contains(r.number()))
            .count();
    }

    /** The connection settings after the checks every command shares. */
    record Options(String url, String token) {

        /**
         * @return null (after saying why on {@code err}) when the options do not go
         * together
         */
        static Options check(PrintWriter err, Environment environment, String url, String token, boolean dryRun,
                int batchSize) {
            String effective = token != null ? token : environment.variables().get("PLANWATCH_TOKEN");
            if (batchSize < 1 || batchSize > 1000) {
                err.println("--batch-size 必须在 1 到 1000 之间 (--batch-size must be 1-1000)");
                return null;
            }
            if (url == null && !dryRun) {
                err.println("需要 --url（只检查文件时用 --dry-run） (--url is required, unless --dry-run)");
                return null;
            }
            if (url != null && (effective == null || effective.isBlank())) {
                err.println("需要令牌：--token 或环境变量 PLANWATCH_TOKEN (a token is required: --token or PLANWATCH_TOKEN)");
                return null;
            }
            return new Options(url, effective == null ? null : effective.strip());
        }

        /** The file's bytes, or null (after saying why) when it cannot be read. */
        static byte[] read(PrintWriter err, Path file) {
            try {
                return Files.readAllBytes(file);
            }
            catch (IOException e) {
                err.println("无法读取文件 " + file + " (cannot read the file: " + e.getClass().getSimpleName() + " "
                        + e.getMessage() + ")");
                return null;
            }
        }
    }

}
