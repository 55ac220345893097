package org.planwatch.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** The JDK running the harness, for its child JVMs, and loopback ports for them. */
public final class Jdk {

    private Jdk() {
    }

    /** The {@code java} launcher of this JVM, so children run on the same JDK. */
    public static String java() {
        return tool("java");
    }

    /** A tool of this JVM's JDK ({@code jcmd}, {@code java}). */
    public static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** A loopback port free now; a child is then told to listen on it. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
