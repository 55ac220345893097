package org.planwatch.kafkalocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost}, in a PKCS12
 * keystore for the broker and a PKCS12 truststore holding only that certificate for its
 * clients. Made once per data folder and kept, so clients that trusted it keep trusting
 * it after a restart.
 *
 * <p>
 * The key pair comes from the JDK's own {@code keytool}: the JDK has no public API that
 * signs a certificate, and a test tool must not pull in Bouncy Castle for it.
 */
record SelfSignedTls(Path keystore, Path truststore, String password) {

    static final String STORE_TYPE = "PKCS12";

    private static final String ALIAS = "local-kafka";

    private static final String PASSWORD_VARIABLE = "LOCAL_KAFKA_STORE_PASSWORD";

    /** The stores in {@code dir}, made now if they are not there yet. */
    static SelfSignedTls in(Path dir, String password) {
        SelfSignedTls tls = new SelfSignedTls(dir.resolve("broker.keystore.p12"), dir.resolve("client.truststore.p12"),
                password);
        if (!Files.exists(tls.keystore()) || !Files.exists(tls.truststore())) {
            tls.generate();
        }
        return tls;
    }

    private void generate() {
        try {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(truststore);
            // EC keys: generated in milliseconds, where RSA takes a noticeable part of a
            // test's start.
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
                    "SHA256withECDSA", "-validity", "3650", "-dname", "CN=localhost",
                    // Clients check the broker's name against the certificate (https
                    // endpoint identification is on by default), and they connect to
                    // 127.0.0.1.
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", STORE_TYPE, "-keystore",
                    keystore.toString(), "-storepass:env", PASSWORD_VARIABLE, "-keypass:env", PASSWORD_VARIABLE);
            KeyStore keys = KeyStore.getInstance(STORE_TYPE);
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, password.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance(STORE_TYPE);
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, keys.getCertificate(ALIAS));
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trust.store(out, password.toCharArray());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot write the TLS stores in " + keystore.getParent(), e);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make the TLS truststore", e);
        }
    }

    /**
     * The password goes to keytool through its environment, where other users cannot see
     * it (unlike argv).
     */
    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(keytoolExecutable());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, password);
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }

    /**
     * The keytool of the JDK running us: always there in a JDK, and never a different
     * version.
     */
    private static String keytoolExecutable() {
        List<Path> candidates = new ArrayList<>();
        Path javaHome = Path.of(System.getProperty("java.home"), "bin");
        candidates.add(javaHome.resolve("keytool"));
        candidates.add(javaHome.resolve("keytool.exe"));
        Optional<Path> java = ProcessHandle.current().info().command().map(Path::of);
        java.map(Path::getParent).ifPresent(bin -> {
            candidates.add(bin.resolve("keytool"));
            candidates.add(bin.resolve("keytool.exe"));
        });
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElse("keytool");
    }
}
