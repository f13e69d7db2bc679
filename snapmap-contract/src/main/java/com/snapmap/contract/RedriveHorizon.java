package com.snapmap.contract;

import java.time.Duration;

/**
 * How far back the sweeper may re-drive a photo through Kafka and still have the job cluster it
 * (docs/DELIVERY.md, "Sweeper"): the job's allowed lateness, minus its out-of-orderness (the watermark trails the
 * newest takenAt by that much), minus a margin for the re-driven event to reach the job. Derived
 * from the job's settings, never typed twice.
 */
public final class RedriveHorizon {

    private RedriveHorizon() {}

    public static Duration of(Duration lateness, Duration outOfOrderness, Duration margin) {
        Duration h = lateness.minus(outOfOrderness).minus(margin);
        if (h.isNegative()) {
            throw new IllegalArgumentException("re-drive horizon is negative: lateness " + lateness.toSeconds()
                    + " s - out-of-orderness " + outOfOrderness.toSeconds() + " s - margin " + margin.toSeconds() + " s");
        }
        return h;
    }

    /** The horizon of a job run with the default settings. */
    public static Duration defaults() {
        return of(Duration.ofSeconds(Defaults.LATENESS_S), Duration.ofSeconds(Defaults.OUT_OF_ORDERNESS_S),
                Duration.ofSeconds(Defaults.REDRIVE_MARGIN_S));
    }
}
