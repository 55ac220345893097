package org.planwatch.kafkalocal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code LocalKafka.main}'s options, parsed and refused without starting a broker. */
class LocalKafkaCommandTests {

    @Test
    void withoutArgumentsItIsOneBrokerOnTheDocumentedPorts() {
        LocalKafkaCommand command = parse();
        assertThat(command.dir).isEqualTo(Path.of("target/kafka"));
        assertThat(command.port).isEqualTo(9092);
        assertThat(command.controllerPort).as("not 9093, Alertmanager's port").isEqualTo(19093);
        assertThat(command.cluster).as("no cluster options: a single node").isNull();
    }

    @Test
    void theFaultHarnessArgumentsMakeANodeOfACluster() {
        LocalKafkaCommand command = parse("--dir", "x/kafka-2", "--port", "29092", "--controller-port", "29093",
                "--node-id", "2", "--voters", "1@127.0.0.1:29083,2@127.0.0.1:29093", "--cluster-id", "abc",
                "--replication", "3");
        assertThat(command.dir).isEqualTo(Path.of("x/kafka-2"));
        assertThat(command.port).isEqualTo(29092);
        assertThat(command.controllerPort).isEqualTo(29093);
        assertThat(command.cluster.nodeId).isEqualTo(2);
        assertThat(command.cluster.voters).isEqualTo("1@127.0.0.1:29083,2@127.0.0.1:29093");
        assertThat(command.cluster.clusterId).isEqualTo("abc");
        assertThat(command.cluster.replication).isEqualTo(3);
    }

    @Test
    void aClusterNodeWithoutItsClusterIdIsAUsageError() {
        Run run = run("--node-id", "1", "--voters", "1@127.0.0.1:29093");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--cluster-id").contains("Usage: local-kafka");
    }

    @Test
    void anUnknownOptionIsOneLineAndTheUsageWithExitCode2() {
        Run run = run("--bogus");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).hasValue("Unknown option: '--bogus'");
        assertThat(run.err()).contains("Usage: local-kafka").doesNotContain("Exception");
    }

    @Test
    void helpListsEveryOption() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: local-kafka", "--dir", "--port", "--controller-port", "--node-id",
                "--voters", "--cluster-id", "--replication", "default: 19093");
    }

    private static LocalKafkaCommand parse(String... args) {
        LocalKafkaCommand command = new LocalKafkaCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private static final int WOULD_START = -1;

    private record Run(int exitCode, String out, String err) {
    }

    /**
     * Answers help as {@code main} does, but never starts a broker: it would bind the
     * default ports.
     */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new LocalKafkaCommand()).setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setExecutionStrategy(parsed -> {
                Integer help = CommandLine.executeHelpRequest(parsed);
                return help != null ? help : WOULD_START;
            })
            .execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

}
