package com.snapmap.sweeper;

/** At most {@code maxPerSecond} re-drives a second over a sweep: how long to wait before the next batch. */
final class RedrivePace {

    private final double maxPerSecond;

    RedrivePace(double maxPerSecond) {
        if (!(maxPerSecond > 0)) {
            throw new IllegalArgumentException("max rate must be > 0, got " + maxPerSecond);
        }
        this.maxPerSecond = maxPerSecond;
    }

    /** @return milliseconds to wait once {@code sent} re-drives have taken {@code elapsedMillis} */
    long waitMillis(long sent, long elapsedMillis) {
        return Math.max(0, (long) Math.ceil(sent * 1000 / maxPerSecond) - elapsedMillis);
    }
}
