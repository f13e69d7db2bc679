package com.snapmap.stack.up;

import java.time.Duration;

/**
 * How the supervisor judges a living process by its health probes ({@link ServiceProbes}): probed
 * every {@code probeInterval}; DEGRADED once its probes have failed for {@code degradedAfter};
 * killed and restarted once they have failed for {@code restartAfter}.
 */
record HealthThresholds(Duration probeInterval, Duration degradedAfter, Duration restartAfter) {

    static final HealthThresholds DEFAULTS = new HealthThresholds(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(60));

    HealthThresholds {
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("the probe interval must be positive, was " + probeInterval.toMillis() + " ms");
        }
        if (degradedAfter.compareTo(probeInterval) < 0) {
            throw new IllegalArgumentException("degraded-after (" + degradedAfter.toMillis() + " ms) must be at least the probe interval ("
                    + probeInterval.toMillis() + " ms): one failed probe is not an outage");
        }
        if (restartAfter.compareTo(degradedAfter) <= 0) {
            throw new IllegalArgumentException("restart-after (" + restartAfter.toMillis() + " ms) must be longer than degraded-after ("
                    + degradedAfter.toMillis() + " ms): a service is reported before it is killed");
        }
    }

    /** From the command line's seconds, e.g. {@code --probe-interval-s 5 --degraded-after-s 15 --restart-after-s 60}. */
    static HealthThresholds ofSeconds(double probeIntervalS, double degradedAfterS, double restartAfterS) {
        return new HealthThresholds(millis(probeIntervalS), millis(degradedAfterS), millis(restartAfterS));
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
