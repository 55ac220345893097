package org.planwatch.importer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.planwatch.sheets.CatalogEntry;
import org.planwatch.sheets.CatalogSheet;
import org.planwatch.sheets.Parsed;
import org.planwatch.sheets.Problem;
import org.planwatch.sheets.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code importer catalog FILE}: catalog entries, one {@code PUT
 * /api/v1/initiatives/{id}} each, with an admin token. Parents of the file go before
 * their children. An entry the publisher already has exactly is left alone, so a re-run
 * makes no needless re-baseline.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true, sortOptions = false,
        description = { "导入事项目录（每个事项一行，多个指标或里程碑可续行），用管理员令牌 PUT /api/v1/initiatives/{id}。",
                "Imports catalog entries through PUT /api/v1/initiatives/{id} with an admin token." })
final class CatalogCommand implements Callable<Integer> {

    @ParentCommand
    Importer parent;

    @Parameters(index = "0", paramLabel = "FILE", description = ".xlsx, .xls or .csv (UTF-8, UTF-8 with BOM, GB18030)")
    Path file;

    @Option(names = "--url", paramLabel = "URL", description = "the publisher, e.g. http://127.0.0.1:8080")
    String url;

    @Option(names = "--token", paramLabel = "ADMIN_TOKEN", description = "admin token (default: $PLANWATCH_TOKEN)")
    String token;

    @Option(names = "--dry-run", description = "check every row and print the report; send nothing")
    boolean dryRun;

    @Option(names = "--skip-invalid",
            description = "send the good entries even when others are bad (those are reported)")
    boolean skipInvalid;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = parent.spec.commandLine().getOut();
        PrintWriter err = parent.spec.commandLine().getErr();
        ProgressCommand.Options options = ProgressCommand.Options.check(err, parent.environment, url, token, dryRun, 1);
        if (options == null) {
            return ExitCode.USAGE;
        }
        byte[] content = ProgressCommand.Options.read(err, file);
        if (content == null) {
            return ExitCode.USAGE;
        }
        Parsed<CatalogEntry> parsed = CatalogSheet.read(content, file.getFileName().toString());
        if (!Reports.printCheck(out, file.toString(), parsed, skipInvalid)) {
            return ExitCode.INVALID_ROWS;
        }
        int invalid = parsed.badRows().size();
        if (dryRun || options.url() == null) {
            out.printf("试运行：%d 个事项可以发送，未发送任何数据 (dry run: %d entries would be sent; nothing sent)%n",
                    parsed.rows().size(), parsed.rows().size());
            return invalid > 0 ? ExitCode.INVALID_ROWS : ExitCode.OK;
        }
        PublisherClient client = new PublisherClient(options.url(), options.token(), parent.environment, err);
        List<Row<CatalogEntry>> ordered = CatalogSheet.parentsFirst(parsed.rows());
        ProgressBar bar = new ProgressBar(err, parent.environment.terminal(), ordered.size());
        int created = 0;
        int replaced = 0;
        int unchanged = 0;
        List<Problem> rejected = new ArrayList<>();
        int rejectedEntries = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Row<CatalogEntry> row = ordered.get(i);
            String path = "api/v1/initiatives/" + PublisherClient.segment(row.value().id());
            try {
                PublisherClient.Response existing = client.get(path);
                if (existing.status() == 200 && Catalogs.same(existing.json(), row.value().toDocument())) {
                    unchanged++;
                }
                else {
                    PublisherClient.Response put = client.put(path, row.value().toDocument());
                    switch (put.status()) {
                        case 201 -> created++;
                        case 200 -> replaced++;
                        case 400 -> {
                            rejectedEntries++;
                            rejected.addAll(Reports.refused(row.number(), 400, put.json(), CatalogSheet::column));
                        }
                        default -> throw new PublisherClient.RefusedException(put);
                    }
                }
            }
            catch (PublisherClient.UnavailableException | PublisherClient.RefusedException e) {
                err.println("停止发送 (stopped): " + e.getMessage()
                        + (e.getMessage().startsWith("403") ? " — 需要管理员令牌 (an admin token is needed)" : ""));
                out.printf("未能发送 %d 个事项 (%d entries not sent)%n", ordered.size() - i, ordered.size() - i);
                return ExitCode.UNFINISHED;
            }
            bar.advance(1);
        }
        rejected.forEach(p -> out.println(p.describe()));
        out.printf("完成：新建 %d，更新（重新基线）%d，未变 %d，被服务器拒绝 %d，无效已跳过 %d "
                + "(done: created %d, replaced (re-baselined) %d, unchanged %d, rejected %d, invalid (skipped) %d)%n",
                created, replaced, unchanged, rejectedEntries, invalid, created, replaced, unchanged, rejectedEntries,
                invalid);
        return rejectedEntries > 0 ? ExitCode.REJECTED : invalid > 0 ? ExitCode.INVALID_ROWS : ExitCode.OK;
    }

}
