package org.planwatch.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The spreadsheet importer: departments' progress reports (and the admins' catalog) from
 * {@code .xlsx} and {@code .csv} files into the publisher, row by row checked, each
 * report sent once however often the import runs.
 *
 * <p>
 * Run:
 * {@code java -jar modules/importer/target/importer-0.1.0-exec.jar progress 六月进度.xlsx
 * --url http://127.0.0.1:8080 --dry-run} (token from {@code --token} or
 * {@code PLANWATCH_TOKEN}); {@code --help} lists everything.
 */
@Command(name = "importer", mixinStandardHelpOptions = true, versionProvider = Importer.Version.class,
        subcommands = { ProgressCommand.class, CatalogCommand.class, CommandLine.HelpCommand.class },
        description = { "把 Excel/CSV 表格中的进度报告或事项目录导入 planwatch。",
                "Imports progress reports or catalog entries from .xlsx/.csv spreadsheets into planwatch." },
        footer = { "", "退出码 (exit codes):", "  0  all good",
                "  1  bad rows in the file: nothing sent (--skip-invalid: the good rows sent)", "  2  wrong options",
                "  3  the publisher rejected some rows (400/403, reported by row)",
                "  4  unfinished (publisher unreachable or busy, token refused): run again to resume" })
public final class Importer implements Runnable {

    final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Importer(Environment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        // POI logs through Log4j's API; with no Log4j in the jar, keep its "no provider"
        // warning off a clerk's screen.
        System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        System.setProperty("org.apache.logging.log4j.simplelog.level", "ERROR");
        System.exit(commandLine(Environment.system(), null, null).execute(args));
    }

    /**
     * The command line, as {@code main} runs it; tests give their own environment and
     * writers (null: stdout/stderr).
     */
    static CommandLine commandLine(Environment environment, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Importer(environment));
        // Anything unforeseen (a full disk under the journal, say) is one line for the
        // clerk, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("错误 (error): " + e);
            return ExitCode.UNFINISHED;
        });
        if (out != null) {
            commandLine.setOut(out);
        }
        if (err != null) {
            commandLine.setErr(err);
        }
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The version from the build ({@code importer-version.properties}, filtered by
     * Maven).
     */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Importer.class.getResourceAsStream("/importer-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] { "planwatch importer " + properties.getProperty("version", "(development)"),
                    "Java " + System.getProperty("java.version") };
        }

    }

}
