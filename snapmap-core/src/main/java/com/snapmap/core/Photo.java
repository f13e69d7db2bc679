package com.snapmap.core;

import java.util.Objects;

/**
 * The clustering view of a photo: {@code (photoId, takenAt, lat, lon)}. {@code takenAt} is the
 * event time in epoch milliseconds (UTC).
 *
 * <p>A plain POJO (public no-arg constructor, public fields) so that Flink serializes it without
 * a Kryo fallback.
 */
public class Photo {

    public String photoId;
    public long takenAt;
    public double lat;
    public double lon;

    public Photo() {}

    public Photo(String photoId, long takenAt, double lat, double lon) {
        this.photoId = photoId;
        this.takenAt = takenAt;
        this.lat = lat;
        this.lon = lon;
    }

    /** Total order used everywhere ties must break the same way: by (takenAt, photoId). */
    public static int compareByTimeThenId(long t1, String id1, long t2, String id2) {
        int c = Long.compare(t1, t2);
        return c != 0 ? c : id1.compareTo(id2);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Photo)) {
            return false;
        }
        Photo p = (Photo) o;
        return takenAt == p.takenAt
                && Double.compare(lat, p.lat) == 0
                && Double.compare(lon, p.lon) == 0
                && Objects.equals(photoId, p.photoId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(photoId, takenAt, lat, lon);
    }

    @Override
    public String toString() {
        return "Photo{" + photoId + ", t=" + takenAt + ", " + lat + "," + lon + "}";
    }
}
