package org.planwatch.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What the demo starts, as {@link DemoCommand} parsed it from the command line. Ports of
 * 0 pick free ones (tests).
 *
 * @param dataDir where the broker's log and the aggregator's state live
 * ({@code --data-dir})
 * @param wipe delete {@code dataDir} first ({@code --wipe})
 * @param simulate run the simulator ({@code --no-simulator} turns it off)
 * @param exitWhenReady start, check that metrics are served for the whole catalog, stop
 * ({@code --exit-when-ready})
 */
record DemoOptions(Path dataDir, boolean wipe, boolean simulate, boolean exitWhenReady, int kafkaPort,
        int kafkaControllerPort, int publisherPort, int publisherManagementPort, int aggregatorPort,
        int aggregatorManagementPort, Duration simulatorInterval, boolean monitoring, int prometheusPort,
        int alertmanagerPort) {
}
