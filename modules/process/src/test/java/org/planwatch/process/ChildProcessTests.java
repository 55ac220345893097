package org.planwatch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child process ended each way production ends one, seen from the outside: its log and
 * /proc.
 */
class ChildProcessTests {

    /**
     * Says when it runs, and says so again on SIGTERM (a shutdown hook's stand-in) before
     * it exits.
     */
    private static final String SHELL = "trap 'echo terminated; exit 0' TERM; echo started $MARK; "
            + "while true; do sleep 0.1; done";

    @TempDir
    Path dir;

    @Test
    void terminateRunsTheShutdownHandlerAndKillDoesNot() throws Exception {
        try (ChildProcess process = shell("graceful")) {
            awaitLog(process, "started one");
            process.terminate();
            assertThat(process.alive()).isFalse();
            assertThat(Files.readString(process.log())).contains("terminated");

            process.start();
            awaitLog(process, "started one\nterminated\nstarted one");
            process.kill();
            assertThat(process.alive()).isFalse();
            assertThat(Files.readString(process.log()))
                .as("the same command again, its output appended; kill -9 runs no handler")
                .isEqualTo("started one\nterminated\nstarted one\n");
        }
    }

    @Test
    void aFrozenProcessIsStoppedUntilThawedAndClosingKillsItAnyway() throws Exception {
        ChildProcess process = shell("frozen");
        awaitLog(process, "started one");
        process.freeze();
        await().atMost(Duration.ofSeconds(10)).until(() -> state(process) == 'T');
        process.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> state(process) != 'T');
        process.freeze();
        process.close();
        assertThat(process.alive()).isFalse();
    }

    @Test
    void stopEndsARunningProcessAndIsNothingOtherwise() throws Exception {
        ChildProcess process = shell("stopped");
        assertThatThrownBy(process::start).as("running already").isInstanceOf(IllegalStateException.class);
        process.stop();
        assertThat(process.alive()).isFalse();
        ChildProcess never = new ChildProcess("never", List.of("true"), Map.of(), dir.resolve("never.log"));
        never.stop();
        assertThatThrownBy(never::kill).hasMessage("never was never started");
    }

    private ChildProcess shell(String name) {
        return new ChildProcess(name, List.of("sh", "-c", SHELL), Map.of("MARK", "one"), dir.resolve(name + ".log"))
            .start();
    }

    private static void awaitLog(ChildProcess process, String text) {
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> assertThat(Files.readString(process.log())).startsWith(text));
    }

    /** The state letter of /proc/PID/stat: T when stopped by a signal. */
    private static char state(ChildProcess process) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

}
