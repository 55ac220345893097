package org.planwatch.kafkalocal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * The secured broker's passwords, made at the first start in a data folder and kept
 * there: the super user's password is in the metadata log from the format on, and clients
 * keep trusting the stores.
 */
record BrokerSecrets(String superUser, String superUserPassword, String storePassword) {

    private static final String FILE = "secrets.properties";

    /**
     * The secrets of {@code dir}, made now if it has none; the folder is made readable by
     * its owner only.
     */
    static BrokerSecrets in(Path dir, String superUser) throws IOException {
        Files.createDirectories(dir);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // The folder holds these passwords, the broker's configuration and its
            // private key.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        Path file = dir.resolve(FILE);
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            }
            if (!superUser.equals(stored.getProperty("super.user"))) {
                throw new IllegalArgumentException(dir + " was formatted with super user "
                        + stored.getProperty("super.user") + ", not " + superUser);
            }
            return new BrokerSecrets(superUser, stored.getProperty("super.user.password"),
                    stored.getProperty("store.password"));
        }
        BrokerSecrets secrets = new BrokerSecrets(superUser, randomSecret(), randomSecret());
        stored.setProperty("super.user", superUser);
        stored.setProperty("super.user.password", secrets.superUserPassword());
        stored.setProperty("store.password", secrets.storePassword());
        try (OutputStream out = Files.newOutputStream(file)) {
            stored.store(out, "Secrets of this secured LocalKafka; the super user's password is in its metadata log");
        }
        return secrets;
    }

    /**
     * Letters and digits only: the password goes unquoted into StorageTool's --add-scram.
     */
    private static String randomSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            secret.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return secret.toString();
    }
}
