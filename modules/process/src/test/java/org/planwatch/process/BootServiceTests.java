package org.planwatch.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service from its jar as a child JVM: its command line, readiness, metrics, and an
 * early exit.
 */
class BootServiceTests {

    @TempDir
    Path dir;

    @Test
    void startsTheJarOnItsPortsAndIsReadyWhenReadinessAnswers() throws Exception {
        try (BootService service = BootService.of("fake", fakeJar(), dir, List.of("-Xmx64m"),
                Map.of("FAKE_TOKEN", "t0k"), List.of("--logging.level.root=WARN"))) {
            assertThat(service.ready()).as("not started: nothing answers").isFalse();
            service.start().awaitReady(Duration.ofMinutes(1));
            assertThat(service.ready()).isTrue();
            assertThat(service.port()).isNotEqualTo(service.managementPort());
            assertThat(service.management()).isEqualTo("http://127.0.0.1:" + service.managementPort());
            assertThat(service.process().command()).startsWith(Jdk.java(), "-Xmx64m", "-jar")
                .endsWith("--server.port=" + service.port(), "--management.server.port=" + service.managementPort(),
                        "--spring.main.banner-mode=off", "--logging.level.root=WARN");
            await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(Files.readString(dir.resolve("fake.log")))
                    .as("its output in <name>.log, its environment passed")
                    .contains("token t0k", "--management.server.port=" + service.managementPort()));
            assertThat(service.heapUsedMiB()).as("heap pools only, from jvm_memory_used_bytes").isEqualTo(3);
            assertThat(service.heapLiveMiB()).as("after jcmd GC.run in the child").isEqualTo(3);
            service.stop();
            assertThat(service.process().alive()).isFalse();
            assertThat(service.ready()).isFalse();
        }
    }

    @Test
    void aServiceThatExitsFailsTheWaitAtOnceNamingItsLog() throws Exception {
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a jar");
        BootService service = BootService.of("broken", notAJar, dir, List.of(), Map.of(), List.of());
        assertThatThrownBy(() -> service.start().awaitReady(Duration.ofMinutes(10)))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("broken exited; see " + dir.resolve("broken.log"));
    }

    @Test
    void aMissingJarIsNamed() {
        assertThatThrownBy(() -> BootService.of("x", dir.resolve("missing.jar"), dir, List.of(), Map.of(), List.of()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageStartingWith("No " + dir.resolve("missing.jar"));
    }

    @Test
    void heapInUseSumsTheHeapPoolsOnly() {
        assertThat(BootService.heapUsedBytes(FakeService.METRICS)).isEqualTo(3 * 1024 * 1024);
    }

    /** {@link FakeService} alone in an executable jar. */
    private Path fakeJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path jar = dir.resolve("fake.jar");
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = FakeService.class.getResourceAsStream("/" + entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

}
