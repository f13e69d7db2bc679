package com.snapmap.core.cluster;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.io.Serializable;

/**
 * When two photos are linked (DESIGN.md §1): within R metres AND within W of capture time, both
 * bounds inclusive. The one definition the stream, the sweeper and the reference share.
 */
public final class LinkRule implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_RADIUS_M = 50.0;
    public static final long DEFAULT_WINDOW_MS = 5 * 60_000L;

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
        return Math.abs(t1 - t2) <= windowMillis
                && Haversine.distanceMeters(lat1, lon1, lat2, lon2) <= radiusMeters;
    }

    public boolean linked(Photo a, Photo b) {
        return linked(a.takenAt, a.lat, a.lon, b.takenAt, b.lat, b.lon);
    }

    @Override
    public String toString() {
        return "LinkRule{R=" + radiusMeters + " m, W=" + windowMillis + " ms}";
    }
}
