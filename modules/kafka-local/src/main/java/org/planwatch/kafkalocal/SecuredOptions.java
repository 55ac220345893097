package org.planwatch.kafkalocal;

/**
 * How a {@link SecuredLocalKafka} starts.
 *
 * @param port client port (SASL_SSL) on 127.0.0.1, or 0 for a free one
 * @param controllerPort KRaft controller port (SASL_PLAINTEXT, loopback only), or 0 for a
 * free one
 * @param superUser the broker's own SCRAM user, also the one super user; its password is
 * made at the first start and kept in the data folder
 */
public record SecuredOptions(int port, int controllerPort, String superUser) {

    public SecuredOptions {
        if (superUser == null || !superUser.matches("[A-Za-z0-9._-]+")) {
            // The name goes unquoted into a JAAS line and a StorageTool argument.
            throw new IllegalArgumentException("Super user must be a plain name: " + superUser);
        }
    }

    /** Free ports, super user {@code broker}. */
    public static SecuredOptions defaults() {
        return new SecuredOptions(0, 0, "broker");
    }
}
