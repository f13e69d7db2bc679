package com.snapmap.stack.up;

import java.util.List;
import picocli.CommandLine.Option;

/** When a living service whose health probes fail is reported, and when it is restarted ({@link HealthThresholds}). */
final class HealthOptions {
    @Option(names = "--probe-interval-s", defaultValue = "5", description = "seconds between health probes of each service")
    double probeIntervalS;
    @Option(names = "--degraded-after-s", defaultValue = "15", description = "a service whose probes fail this long is DEGRADED")
    double degradedAfterS;
    @Option(names = "--restart-after-s", defaultValue = "60", description = "a service whose probes fail this long is killed and restarted")
    double restartAfterS;

    HealthThresholds thresholds() {
        return HealthThresholds.ofSeconds(probeIntervalS, degradedAfterS, restartAfterS);
    }

    List<String> args() {
        return List.of("--probe-interval-s", Double.toString(probeIntervalS), "--degraded-after-s", Double.toString(degradedAfterS),
                "--restart-after-s", Double.toString(restartAfterS));
    }
}
