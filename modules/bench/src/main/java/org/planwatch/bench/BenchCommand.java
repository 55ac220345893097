package org.planwatch.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@link Bench#main}'s options, as the root {@code bench} script and {@code .ci/run} pass
 * them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = BenchCommand.Version.class,
        description = { "Measures Kafka's perf tools, the Pushgateway and planwatch in one run",
                "on a broker of its own; prints the table and writes it." })
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "the small configuration CI runs (its figures mean little)")
    boolean quick;

    @Option(names = "--out", paramLabel = "FILE",
            description = "write the table to FILE (default: BENCHMARKS.md; none with --quick)")
    Path out;

    List<String> only = List.of();

    @Spec
    CommandSpec spec;

    @Option(names = "--only", paramLabel = "PART", split = ",",
            description = "only these parts after the limits (default: all; see below)")
    void only(List<String> parts) {
        List<String> names = Bench.RUNS.stream().map(Run::name).toList();
        for (String part : parts) {
            if (!names.contains(part)) {
                throw new ParameterException(spec.commandLine(),
                        "Unknown part '" + part + "' for --only: one of " + String.join(", ", names));
            }
        }
        only = List.copyOf(parts);
    }

    /**
     * The command line {@code main} runs, its usage ending with the parts {@code --only}
     * takes.
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        List<String> footer = new ArrayList<>(List.of("", "Parts (--only), in the order they run:"));
        Bench.RUNS.forEach(run -> footer.add(String.format("  %-12s %s", run.name(), run.measures())));
        commandLine.getCommandSpec().usageMessage().footer(footer.toArray(String[]::new));
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        measure();
        return CommandLine.ExitCode.OK;
    }

    /** Runs the configuration the options name; returns the table's markdown. */
    String measure() throws Exception {
        Path file = out != null ? out : quick ? null : Path.of("BENCHMARKS.md");
        Path work = Files.createTempDirectory("planwatch-bench-");
        try {
            Options options = (quick ? Options.quick(work, file) : Options.full(work, file)).only(only);
            return new Bench(options).measure();
        }
        finally {
            Bench.deleteRecursively(work);
        }
    }

    /**
     * This build's version (from the jar's manifest) and Java's; not Kafka's, whose
     * classes would start logging.
     */
    static final class Version implements CommandLine.IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = Bench.class.getPackage().getImplementationVersion();
            return new String[] { "planwatch bench " + (version == null ? "(development)" : version),
                    "Java " + System.getProperty("java.version") };
        }

    }

}
