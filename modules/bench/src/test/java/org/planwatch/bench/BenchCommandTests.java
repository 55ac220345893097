package org.planwatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The bench's options as the root {@code bench} script and CI pass them, parsed and
 * refused without measuring.
 */
class BenchCommandTests {

    @Test
    void theScriptsFlagsParseAsBefore() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs("--quick", "--out", "/tmp/b.md", "--only", "http,e2e,aggregation,scrape");
        assertThat(command.quick).isTrue();
        assertThat(command.out).isEqualTo(Path.of("/tmp/b.md"));
        assertThat(command.only).containsExactly("http", "e2e", "aggregation", "scrape");
    }

    @Test
    void withoutFlagsItIsTheFullConfigurationOfEveryPart() {
        BenchCommand command = new BenchCommand();
        new CommandLine(command).parseArgs();
        assertThat(command.quick).isFalse();
        assertThat(command.out).isNull();
        assertThat(command.only).isEmpty();
    }

    @Test
    void helpListsTheOptionsAndEveryPart() {
        Outcome run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: bench", "--quick", "--out=FILE", "--only=PART");
        for (String part : List.of("http", "e2e", "aggregation", "scrape", "shuffled")) {
            assertThat(run.out()).as("the part " + part).containsPattern("(?m)^  " + part + " +\\S");
        }
    }

    @Test
    void versionNamesTheBench() {
        Outcome run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("planwatch bench ").contains("Java ");
    }

    @Test
    void anUnknownOptionIsOneLineAndTheUsageWithExitCode2() {
        Outcome run = run("--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValue("Unknown option: '--bogus'");
        assertThat(run.err()).contains("Usage: bench").doesNotContain("Exception");
    }

    @Test
    void anUnknownPartIsRefusedBeforeAnythingRuns() {
        Outcome run = run("--quick", "--only", "http,scrap");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst())
            .hasValue("Unknown part 'scrap' for --only: one of http, e2e, aggregation, scrape, shuffled, archive");
    }

    record Outcome(int exitCode, String out, String err) {
    }

    private static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BenchCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Outcome(exitCode, out.toString(), err.toString());
    }

}
