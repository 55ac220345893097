package org.planwatch.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.planwatch.sheets.CatalogSheet;
import org.planwatch.sheets.ProgressSheet;
import org.planwatch.sheets.Row;

/**
 * The templates in {@code templates/} are what a clerk starts from: each must pass a dry
 * run as shipped.
 */
class TemplatesTests {

    static final Path TEMPLATES = Path.of("").toAbsolutePath().getParent().getParent().resolve("templates");

    @Test
    void theProgressXlsxTemplatePassesDryRun() {
        Cli.Result result = Cli.run(Cli.environment(), "progress",
                TEMPLATES.resolve("progress-template.xlsx").toString(), "--dry-run");
        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(result.out()).contains("检查", "2 行数据", "dry run: 2 rows would be sent; nothing sent");
    }

    @Test
    void theProgressCsvTemplatePassesDryRun() {
        Cli.Result result = Cli.run(Cli.environment(), "progress",
                TEMPLATES.resolve("progress-template.csv").toString(), "--dry-run");
        assertThat(result.exitCode()).as(result.out()).isZero();
    }

    @Test
    void theCatalogCsvTemplatePassesDryRun() {
        Cli.Result result = Cli.run(Cli.environment(), "catalog", TEMPLATES.resolve("catalog-template.csv").toString(),
                "--dry-run");
        assertThat(result.exitCode()).as(result.out()).isZero();
        assertThat(CatalogSheet.read(bytes("catalog-template.csv"), "catalog-template.csv").rows()).hasSize(2);
    }

    @Test
    void theXlsxTemplateSaysWhatTheCsvTemplateSaysDownToTheEventIds() throws Exception {
        var fromXlsx = ProgressSheet.read(bytes("progress-template.xlsx"), "progress-template.xlsx").rows();
        var fromCsv = ProgressSheet.read(bytes("progress-template.csv"), "progress-template.csv").rows();
        var regenerated = ProgressSheet
            .read(TemplateFiles.progressXlsx(Files.readString(TEMPLATES.resolve("progress-template.csv"))), "x.xlsx")
            .rows();

        assertThat(fromXlsx).hasSize(2).isEqualTo(fromCsv).isEqualTo(regenerated);
        assertThat(fromXlsx).extracting(Row::number).containsExactly(2, 3);
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(TEMPLATES.resolve(name));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
