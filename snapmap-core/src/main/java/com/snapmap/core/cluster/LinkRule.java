package com.snapmap.core.cluster;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.io.Serializable;

/**
 * When two photos are linked (docs/SEMANTICS.md, "Photos and links"): within R metres AND within W of capture time, both
 * bounds inclusive. The one definition the hot path, the cold path and the reference share.
 */
public final class LinkRule implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_RADIUS_M = 50.0;
    public static final long DEFAULT_WINDOW_MS = 5 * 60_000L;

    /**
     * Haversines clearly within and clearly beyond R: a pair between the two is decided by its
     * distance in metres, so every decision is the one the distance gives, and almost none needs
     * the arc sine (a tenth of the linker's time went to it). The margin is a millionth of the
     * haversine, far above the rounding of either computation (about 1e-15 of it).
     */
    private final double surelyWithin;
    private final double surelyBeyond;

    private final double radiusMeters;
    private final long windowMillis;

    public LinkRule(double radiusMeters, long windowMillis) {
        if (!(radiusMeters > 0) || Double.isInfinite(radiusMeters)) {
            throw new IllegalArgumentException("link radius must be > 0 metres, got " + radiusMeters);
        }
        if (windowMillis < 0) {
            throw new IllegalArgumentException("link window must be >= 0 ms, got " + windowMillis);
        }
        this.radiusMeters = radiusMeters;
        this.windowMillis = windowMillis;
        double atRadius = Haversine.haversineOf(radiusMeters);
        this.surelyWithin = atRadius * (1 - 1e-6);
        this.surelyBeyond = atRadius * (1 + 1e-6);
    }

    /** A rule read back from Java serialization gets its thresholds from its own radius. */
    private Object readResolve() {
        return new LinkRule(radiusMeters, windowMillis);
    }

    public static LinkRule defaults() {
        return new LinkRule(DEFAULT_RADIUS_M, DEFAULT_WINDOW_MS);
    }

    public double radiusMeters() {
        return radiusMeters;
    }

    public long windowMillis() {
        return windowMillis;
    }

    public boolean linked(long t1, double lat1, double lon1, long t2, double lat2, double lon2) {
        if (Math.abs(t1 - t2) > windowMillis) {
            return false;
        }
        double a = Haversine.haversine(lat1, lon1, lat2, lon2);
        return a <= surelyWithin || (a < surelyBeyond && Haversine.meters(a) <= radiusMeters);
    }

    public boolean linked(Photo a, Photo b) {
        return linked(a.takenAt, a.lat, a.lon, b.takenAt, b.lat, b.lon);
    }

    @Override
    public String toString() {
        return "LinkRule{R=" + radiusMeters + " m, W=" + windowMillis + " ms}";
    }
}
