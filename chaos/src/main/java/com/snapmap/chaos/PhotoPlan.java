package com.snapmap.chaos;

import java.time.Instant;
import java.util.Random;

/**
 * Where and when the chaos clients' photos are taken, so that they form events: most at one of a
 * few spots (within 15 m of it, so any two there are within the 50 m link radius), taken up to
 * {@link #MAX_AGE_S} before "now"; the rest scattered singles. Spots lie 400 m apart on a grid
 * around a centre drawn from the seed, so two runs against one system do not meet.
 */
public final class PhotoPlan {

    static final int MAX_AGE_S = 20;
    static final double SPOT_JITTER_M = 15;
    static final double SPOT_SPACING_M = 400;
    static final double SINGLE_SHARE = 0.1;
    private static final double M_PER_DEG_LAT = 111_320;

    private final Random random;
    private final String runId;
    private final double centreLat;
    private final double centreLon;
    private final int spotsPerSide;
    private long next;

    /** @param spots how many event spots (rounded up to a square grid) */
    public PhotoPlan(long seed, int spots) {
        if (spots < 1) {
            throw new IllegalArgumentException("need at least one spot, got " + spots);
        }
        this.random = new Random(seed);
        this.runId = Long.toHexString(seed);
        this.centreLat = -40 + 90 * random.nextDouble();
        this.centreLon = -170 + 340 * random.nextDouble();
        this.spotsPerSide = (int) Math.ceil(Math.sqrt(spots));
    }

    /** The next photo, taken shortly before {@code now}. */
    public synchronized PlannedPhoto next(Instant now) {
        double north;
        double east;
        if (random.nextDouble() < SINGLE_SHARE) {
            // Between the spots' rows, far from every spot and (almost surely) from each other.
            north = (random.nextInt(spotsPerSide) + 0.5) * SPOT_SPACING_M;
            east = random.nextDouble() * spotsPerSide * SPOT_SPACING_M;
        } else {
            double angle = 2 * Math.PI * random.nextDouble();
            double r = SPOT_JITTER_M * Math.sqrt(random.nextDouble());
            north = random.nextInt(spotsPerSide) * SPOT_SPACING_M + r * Math.sin(angle);
            east = random.nextInt(spotsPerSide) * SPOT_SPACING_M + r * Math.cos(angle);
        }
        double lat = centreLat + north / M_PER_DEG_LAT;
        double lon = centreLon + east / (M_PER_DEG_LAT * Math.cos(Math.toRadians(centreLat)));
        Instant takenAt = Instant.ofEpochSecond(now.getEpochSecond() - random.nextInt(MAX_AGE_S + 1));
        return new PlannedPhoto("chaos-" + runId + "-" + next++, lat, lon, takenAt);
    }

    /** The run's area with a margin, {@code [west, south, east, north]}: what belongs to this run. */
    public double[] bbox() {
        double extent = (spotsPerSide + 1) * SPOT_SPACING_M;
        double dLat = extent / M_PER_DEG_LAT;
        double dLon = extent / (M_PER_DEG_LAT * Math.cos(Math.toRadians(centreLat)));
        double margin = SPOT_SPACING_M / M_PER_DEG_LAT;
        return new double[] {centreLon - margin * 2, centreLat - margin, centreLon + dLon, centreLat + dLat};
    }

    public boolean contains(double lat, double lon) {
        double[] b = bbox();
        return lon >= b[0] && lat >= b[1] && lon <= b[2] && lat <= b[3];
    }
}
