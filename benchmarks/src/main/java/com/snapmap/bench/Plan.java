package com.snapmap.bench;

import java.time.Duration;

/** How big each part of a run is: {@code --quick} (< 5 min on 2 cores) or full (< 20 min). */
public final class Plan {

    public final String name;
    public final int city;
    public final int stadium;
    public final int lateMix;
    public final int rocksdbCity;
    public final int scaleOutCity;
    public final int naiveCity;
    public final int naiveStadium;
    public final Duration e2ePhase;
    public final int e2eBurst;
    public final int gatewayUploads;
    /** A job still running after this is cancelled; its rate is then what it did so far. */
    public final Duration jobTimeout;
    /** Measured runs of each graph and floor, after the warm-up runs; the median counts. */
    public final int measuredRuns;
    /**
     * Warm-up runs of one job at most ({@link SteadyRuns#warmUp}). A quick run's jobs last a few
     * hundred milliseconds, in which the JIT compiler rarely goes quiet: fewer, so it stays short.
     */
    public final int maxWarmUps;

    private Plan(String name, int city, int stadium, int lateMix, int rocksdbCity, int scaleOutCity, int naiveCity,
            int naiveStadium, Duration e2ePhase, int e2eBurst, int gatewayUploads, Duration jobTimeout, int measuredRuns,
            int maxWarmUps) {
        this.name = name;
        this.city = city;
        this.stadium = stadium;
        this.lateMix = lateMix;
        this.rocksdbCity = rocksdbCity;
        this.scaleOutCity = scaleOutCity;
        this.naiveCity = naiveCity;
        this.naiveStadium = naiveStadium;
        this.e2ePhase = e2ePhase;
        this.e2eBurst = e2eBurst;
        this.gatewayUploads = gatewayUploads;
        this.jobTimeout = jobTimeout;
        this.measuredRuns = measuredRuns;
        this.maxWarmUps = maxWarmUps;
    }

    public static Plan quick() {
        return new Plan("quick", 20_000, 5_000, 10_000, 5_000, 10_000, 5_000, 1_000, Duration.ofSeconds(6), 5_000, 300,
                Duration.ofSeconds(20), 3, 10);
    }

    public static Plan full() {
        return new Plan("full", 400_000, 20_000, 100_000, 30_000, 100_000, 20_000, 5_000, Duration.ofSeconds(20), 100_000, 1_000,
                Duration.ofSeconds(150), 3, 16);
    }
}
