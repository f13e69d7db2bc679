package com.snapmap.job;

import com.snapmap.contract.Defaults;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.CellCover;
import java.io.Serializable;
import java.time.Duration;

/**
 * The clustering semantics and timing of the streaming graph. Validated when built, with messages
 * that name the setting (the same names the command line and the production config use).
 */
public final class ClusteringConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_MAX_PARALLELISM = 128;

    /**
     * Grid of event time on which every clean-up timer fires (the linker's forgetting, the
     * registries' expiry sweeps, the labeler's): a key holds one timer per 5 minutes of event time
     * rather than one per distinct millisecond, and state goes at most that much later (under 8 %
     * of W + lateness). A finer 10 s grid cost a timer per photo on a city evening: a region gets a
     * photo every 100 s or so.
     */
    public static final long SWEEP_GRANULARITY_MS = 300_000L;

    /** How long a changed event waits (processing time) before its document goes out, coalesced. */
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 200L;

    private final double radiusMeters;
    private final long windowMillis;
    private final long allowedLatenessMillis;
    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final int cellPrecision;
    private final int maxParallelism;
    private final long maxFutureSkewMillis;
    private final long flushIntervalMillis;
    private final boolean placeLookup;

    private ClusteringConfig(Builder b) {
        this.placeLookup = b.placeLookup;
        this.flushIntervalMillis = b.flushIntervalMillis;
        this.radiusMeters = b.radiusMeters;
        this.windowMillis = b.windowMillis;
        this.allowedLatenessMillis = b.allowedLatenessMillis;
        this.outOfOrdernessMillis = b.outOfOrdernessMillis;
        this.idlenessMillis = b.idlenessMillis;
        this.cellPrecision = b.cellPrecision;
        this.maxParallelism = b.maxParallelism;
        this.maxFutureSkewMillis = b.maxFutureSkewMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ClusteringConfig defaults() {
        return builder().build();
    }

    public LinkRule linkRule() {
        return new LinkRule(radiusMeters, windowMillis);
    }

    public CellCover cellCover() {
        return new CellCover(cellPrecision, radiusMeters);
    }

    public double radiusMeters() {
        return radiusMeters;
    }

    public long windowMillis() {
        return windowMillis;
    }

    public long allowedLatenessMillis() {
        return allowedLatenessMillis;
    }

    public long outOfOrdernessMillis() {
        return outOfOrdernessMillis;
    }

    public long idlenessMillis() {
        return idlenessMillis;
    }

    public int cellPrecision() {
        return cellPrecision;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    public long maxFutureSkewMillis() {
        return maxFutureSkewMillis;
    }

    /** Event time after which nothing new can link a photo taken at {@code takenAt}. */
    public long horizonOf(long takenAt) {
        return saturatedAdd(takenAt, windowMillis + allowedLatenessMillis);
    }

    /**
     * First event time at which nothing that can still arrive links a photo taken at
     * {@code takenAt}: from then on every operator may forget it (one rule for all their timers).
     */
    public long forgetAt(long takenAt) {
        return saturatedAdd(takenAt, windowMillis + allowedLatenessMillis + 1);
    }

    /**
     * How far the watermark must pass a photo's takenAt before the hot path is surely done with it:
     * at least {@code sweepAt(takenAt) - takenAt}. By then its linker has forgotten it (no photo links
     * to it any more) and its event, if it was alone, has closed.
     */
    public long hotHoldMillis() {
        return windowMillis + allowedLatenessMillis + 1 + SWEEP_GRANULARITY_MS;
    }

    /** {@link #forgetAt} rounded up to the sweep grid: when a clean-up timer forgets it. */
    public long sweepAt(long takenAt) {
        return onSweepGrid(forgetAt(takenAt));
    }

    /** The first sweep at or after event time {@code time}. */
    public long onSweepGrid(long time) {
        return roundUp(time, SWEEP_GRANULARITY_MS);
    }

    private static long roundUp(long at, long grid) {
        long up = saturatedAdd(at, grid - 1);
        return up == Long.MAX_VALUE ? up : Math.floorDiv(up, grid) * grid;
    }

    /** The latest takenAt that may be forgotten at event time {@code time}: inverse of {@link #forgetAt}. */
    public long lastForgottenAt(long time) {
        long span = windowMillis + allowedLatenessMillis + 1;
        return time < Long.MIN_VALUE + span ? Long.MIN_VALUE : time - span;
    }

    public long flushIntervalMillis() {
        return flushIntervalMillis;
    }

    /** Whether the event documents name their place (the gazetteer look-up at the centroid). */
    public boolean placeLookup() {
        return placeLookup;
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "ClusteringConfig{radius-m=" + radiusMeters + ", window=" + Duration.ofMillis(windowMillis)
                + ", lateness=" + Duration.ofMillis(allowedLatenessMillis)
                + ", out-of-orderness=" + Duration.ofMillis(outOfOrdernessMillis)
                + ", idleness=" + Duration.ofMillis(idlenessMillis) + ", cell-precision=" + cellPrecision
                + ", max-parallelism=" + maxParallelism + ", place-lookup=" + placeLookup + "}";
    }

    /** Defaults: those of the data contract ({@link Defaults}); idleness 30 s. */
    public static final class Builder {
        private double radiusMeters = Defaults.RADIUS_M;
        private long windowMillis = Duration.ofSeconds(Defaults.WINDOW_S).toMillis();
        private long allowedLatenessMillis = Duration.ofSeconds(Defaults.LATENESS_S).toMillis();
        private long outOfOrdernessMillis = Duration.ofSeconds(Defaults.OUT_OF_ORDERNESS_S).toMillis();
        private long idlenessMillis = Duration.ofSeconds(30).toMillis();
        private int cellPrecision = Defaults.REGION_PRECISION;
        private int maxParallelism = DEFAULT_MAX_PARALLELISM;
        private long maxFutureSkewMillis = Duration.ofDays(1).toMillis();
        private long flushIntervalMillis = DEFAULT_FLUSH_INTERVAL_MS;
        private boolean placeLookup = true;

        public Builder placeLookup(boolean v) {
            this.placeLookup = v;
            return this;
        }

        public Builder flushInterval(Duration v) {
            this.flushIntervalMillis = v.toMillis();
            return this;
        }

        public Builder radiusMeters(double v) {
            this.radiusMeters = v;
            return this;
        }

        public Builder window(Duration v) {
            this.windowMillis = v.toMillis();
            return this;
        }

        public Builder allowedLateness(Duration v) {
            this.allowedLatenessMillis = v.toMillis();
            return this;
        }

        public Builder outOfOrderness(Duration v) {
            this.outOfOrdernessMillis = v.toMillis();
            return this;
        }

        public Builder idleness(Duration v) {
            this.idlenessMillis = v.toMillis();
            return this;
        }

        public Builder cellPrecision(int v) {
            this.cellPrecision = v;
            return this;
        }

        public Builder maxParallelism(int v) {
            this.maxParallelism = v;
            return this;
        }

        public Builder maxFutureSkew(Duration v) {
            this.maxFutureSkewMillis = v.toMillis();
            return this;
        }

        public ClusteringConfig build() {
            require(radiusMeters > 0 && radiusMeters <= 100_000, "radius-m", "must be in (0, 100000] metres", radiusMeters);
            require(windowMillis >= 0, "window-s", "must be >= 0", windowMillis);
            require(allowedLatenessMillis >= 0, "lateness-s", "must be >= 0", allowedLatenessMillis);
            require(outOfOrdernessMillis >= 0, "out-of-orderness-s", "must be >= 0", outOfOrdernessMillis);
            require(outOfOrdernessMillis <= allowedLatenessMillis || allowedLatenessMillis == 0 && outOfOrdernessMillis == 0,
                    "out-of-orderness-s", "must not exceed lateness-s (" + allowedLatenessMillis + " ms)", outOfOrdernessMillis);
            require(idlenessMillis > 0, "idleness-s", "must be > 0", idlenessMillis);
            require(maxParallelism >= 1 && maxParallelism <= 32768, "max-parallelism", "must be in 1..32768", maxParallelism);
            require(flushIntervalMillis > 0 && flushIntervalMillis <= 60_000, "flush-interval-ms", "must be in 1..60000", flushIntervalMillis);
            require(maxFutureSkewMillis >= 0, "max-future-skew-s", "must be >= 0", maxFutureSkewMillis);
            try {
                new CellCover(cellPrecision, radiusMeters);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cell-precision: " + e.getMessage(), e);
            }
            return new ClusteringConfig(this);
        }

        private static void require(boolean ok, String key, String what, Object value) {
            if (!ok) {
                throw new IllegalArgumentException(key + " " + what + ", got " + value);
            }
        }
    }
}
