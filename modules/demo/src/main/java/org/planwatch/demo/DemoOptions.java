package org.planwatch.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line options of the demo. Ports of 0 pick free ones (tests).
 *
 * @param dataDir where the broker's log and the aggregator's state live ({@code --data-dir})
 * @param wipe delete {@code dataDir} first ({@code --wipe})
 * @param simulate run the simulator ({@code --no-simulator} turns it off)
 * @param exitWhenReady start, check that metrics are served for the whole catalog, stop ({@code --exit-when-ready})
 */
record DemoOptions(Path dataDir, boolean wipe, boolean simulate, boolean exitWhenReady, int kafkaPort,
        int kafkaControllerPort, int publisherPort, int publisherManagementPort, int aggregatorPort,
        int aggregatorManagementPort, Duration simulatorInterval, boolean monitoring, int prometheusPort,
        int alertmanagerPort) {

    static final String USAGE = """
            Usage: ./demo [options]
              --data-dir DIR        broker log and aggregator state (default: demo-data)
              --wipe                delete the data dir first: a fresh start
              --no-simulator        do not post simulated progress
              --interval MILLIS     pause between simulated reports (default: 500)
              --exit-when-ready     start, check every catalog initiative is on /actuator/prometheus, stop
              --kafka-port PORT     broker port (default: 9092)
              --kafka-controller-port PORT  KRaft controller port (default: 19093)
              --publisher-port P    publisher API port (default: 8080; actuator: 9080)
              --aggregator-port P   aggregator API port (default: 8081; actuator: 9081)
              --no-monitoring       do not start Prometheus and Alertmanager even when installed
              --prometheus-port P   Prometheus port, when installed (default: 9090)
              --alertmanager-port P Alertmanager port, when installed (default: 9093)
            """;

    static DemoOptions defaults() {
        return new DemoOptions(Path.of("demo-data"), false, true, false, 9092, 19093, 8080, 9080, 8081, 9081,
                Duration.ofMillis(500), true, 9090, 9093);
    }

    static DemoOptions parse(String... args) {
        DemoOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--wipe" -> o = o.with(b -> b.wipe = true);
                case "--no-simulator" -> o = o.with(b -> b.simulate = false);
                case "--exit-when-ready" -> o = o.with(b -> b.exitWhenReady = true);
                case "--no-monitoring" -> o = o.with(b -> b.monitoring = false);
                case "--prometheus-port" -> {
                    int p = Integer.parseInt(value(args, ++i, arg));
                    o = o.with(b -> b.prometheusPort = p);
                }
                case "--alertmanager-port" -> {
                    int p = Integer.parseInt(value(args, ++i, arg));
                    o = o.with(b -> b.alertmanagerPort = p);
                }
                case "--data-dir" -> {
                    Path dir = Path.of(value(args, ++i, arg));
                    o = o.with(b -> b.dataDir = dir);
                }
                case "--interval" -> {
                    Duration d = Duration.ofMillis(Long.parseLong(value(args, ++i, arg)));
                    o = o.with(b -> b.interval = d);
                }
                case "--kafka-port" -> {
                    int p = Integer.parseInt(value(args, ++i, arg));
                    o = o.with(b -> b.kafkaPort = p);
                }
                case "--kafka-controller-port" -> {
                    int p = Integer.parseInt(value(args, ++i, arg));
                    o = o.with(b -> b.kafkaControllerPort = p);
                }
                case "--publisher-port" -> {
                    int p = Integer.parseInt(value(args, ++i, arg));
                    o = o.with(b -> {
                        b.publisherPort = p;
                        b.publisherManagementPort = p == 0 ? 0 : p + 1000;
                    });
                }
                case "--aggregator-port" -> {
                    int p = Integer.parseInt(value(args, ++i, arg));
                    o = o.with(b -> {
                        b.aggregatorPort = p;
                        b.aggregatorManagementPort = p == 0 ? 0 : p + 1000;
                    });
                }
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    /** Mutable copy used only while parsing. */
    private static final class Builder {
        Path dataDir;
        boolean wipe;
        boolean simulate;
        boolean exitWhenReady;
        int kafkaPort;
        int kafkaControllerPort;
        int publisherPort;
        int publisherManagementPort;
        int aggregatorPort;
        int aggregatorManagementPort;
        Duration interval;
        boolean monitoring;
        int prometheusPort;
        int alertmanagerPort;
    }

    private DemoOptions with(java.util.function.Consumer<Builder> change) {
        Builder b = new Builder();
        b.dataDir = dataDir;
        b.wipe = wipe;
        b.simulate = simulate;
        b.exitWhenReady = exitWhenReady;
        b.kafkaPort = kafkaPort;
        b.kafkaControllerPort = kafkaControllerPort;
        b.publisherPort = publisherPort;
        b.publisherManagementPort = publisherManagementPort;
        b.aggregatorPort = aggregatorPort;
        b.aggregatorManagementPort = aggregatorManagementPort;
        b.interval = simulatorInterval;
        b.monitoring = monitoring;
        b.prometheusPort = prometheusPort;
        b.alertmanagerPort = alertmanagerPort;
        change.accept(b);
        return new DemoOptions(b.dataDir, b.wipe, b.simulate, b.exitWhenReady, b.kafkaPort, b.kafkaControllerPort,
                b.publisherPort, b.publisherManagementPort, b.aggregatorPort, b.aggregatorManagementPort, b.interval,
                b.monitoring, b.prometheusPort, b.alertmanagerPort);
    }
}
