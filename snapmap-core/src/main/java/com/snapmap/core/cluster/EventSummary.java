package com.snapmap.core.cluster;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.util.Arrays;

/**
 * A mergeable summary of an event's photos (docs/SEMANTICS.md, "The event document"): centroid as the mean of unit-sphere
 * vectors, bounding box (its longitude side is an arc that may cross the antimeridian), time span,
 * count, the first photo by (takenAt, photoId), which names the event, and the footprint: the
 * convex hull of the members ({@link Footprint}), kept as candidate points that always include the
 * hull's vertices and are pruned back to them as they grow.
 *
 * <p>Mutable POJO (public fields, no-arg constructor) so it is Flink state without Kryo. An empty
 * summary ({@code count == 0}) is the identity of {@link #merge}.
 */
public class EventSummary {

    public long count;
    public double sumX;
    public double sumY;
    public double sumZ;
    public double minLat;
    public double maxLat;
    /** Western end of the longitude arc, in [-180, 180). */
    public double west;
    /** Eastward width of the longitude arc in degrees, in [0, 360]. */
    public double lonWidth;
    public long startAt;
    public long endAt;
    public long firstTakenAt;
    public String firstPhotoId;
    /** Hull candidates, flattened lat0, lon0, lat1, lon1, ...: every hull vertex, maybe more. */
    public double[] hullPoints;
    /** How many candidates the last pruning kept; the next one comes when they have doubled. */
    public int hullPruned;

    public EventSummary() {}

    /**
     * A summary rebuilt from a stored event (the cold path adding to a closed event): the centroid
     * weighs as {@code count} members at the stored centroid, the footprint is the stored one (see
     * {@link #footprint()}); without one the result has no footprint either.
     */
    public static EventSummary restore(long count, double centroidLat, double centroidLon, double west, double south,
            double east, double north, long startAt, long endAt, String firstPhotoId, double[] footprint) {
        EventSummary s = new EventSummary();
        double phi = Math.toRadians(centroidLat);
        double lambda = Math.toRadians(centroidLon);
        s.count = count;
        s.sumX = count * Math.cos(phi) * Math.cos(lambda);
        s.sumY = count * Math.cos(phi) * Math.sin(lambda);
        s.sumZ = count * Math.sin(phi);
        s.minLat = south;
        s.maxLat = north;
        s.west = west;
        s.lonWidth = ((east - west) % 360 + 360) % 360;
        s.startAt = startAt;
        s.endAt = endAt;
        s.firstTakenAt = startAt; // the first photo is the earliest one
        s.firstPhotoId = firstPhotoId;
        if (footprint != null) {
            // A polygon's ring repeats its first position at the end.
            int n = footprint.length / 2 - (footprint.length >= 8 ? 1 : 0);
            s.hullPoints = new double[2 * n];
            for (int i = 0; i < n; i++) {
                s.hullPoints[2 * i] = footprint[2 * i + 1];
                s.hullPoints[2 * i + 1] = footprint[2 * i];
            }
        }
        s.hullPruned = s.hullPoints == null ? 0 : s.hullPoints.length / 2;
        return s;
    }

    public static EventSummary of(Photo p) {
        EventSummary s = new EventSummary();
        s.add(p);
        return s;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public EventSummary copy() {
        EventSummary s = new EventSummary();
        s.merge(this);
        return s;
    }

    public void add(Photo p) {
        add(p.photoId, p.takenAt, p.lat, p.lon);
    }

    public void add(String photoId, long takenAt, double lat, double lon) {
        EventSummary one = new EventSummary();
        double phi = Math.toRadians(lat);
        double lambda = Math.toRadians(lon);
        one.count = 1;
        one.sumX = Math.cos(phi) * Math.cos(lambda);
        one.sumY = Math.cos(phi) * Math.sin(lambda);
        one.sumZ = Math.sin(phi);
        one.minLat = lat;
        one.maxLat = lat;
        one.west = normalizeLon(lon);
        one.lonWidth = 0;
        one.startAt = takenAt;
        one.endAt = takenAt;
        one.firstTakenAt = takenAt;
        one.firstPhotoId = photoId;
        one.hullPoints = new double[] {lat, lon};
        merge(one);
    }

    /** Folds {@code o} into this summary. */
    public void merge(EventSummary o) {
        if (o == null || o.count == 0) {
            return;
        }
        if (count == 0) {
            count = o.count;
            sumX = o.sumX;
            sumY = o.sumY;
            sumZ = o.sumZ;
            minLat = o.minLat;
            maxLat = o.maxLat;
            west = o.west;
            lonWidth = o.lonWidth;
            startAt = o.startAt;
            endAt = o.endAt;
            firstTakenAt = o.firstTakenAt;
            firstPhotoId = o.firstPhotoId;
            hullPoints = o.hullPoints == null ? null : o.hullPoints.clone();
            hullPruned = o.hullPruned;
            return;
        }
        count += o.count;
        sumX += o.sumX;
        sumY += o.sumY;
        sumZ += o.sumZ;
        minLat = Math.min(minLat, o.minLat);
        maxLat = Math.max(maxLat, o.maxLat);
        mergeLonArc(o.west, o.lonWidth);
        startAt = Math.min(startAt, o.startAt);
        endAt = Math.max(endAt, o.endAt);
        if (firstPhotoBefore(o.firstTakenAt, o.firstPhotoId, firstTakenAt, firstPhotoId)) {
            firstTakenAt = o.firstTakenAt;
            firstPhotoId = o.firstPhotoId;
        }
        mergeHull(o.hullPoints);
    }

    /**
     * Takes one contribution out of the additive fields (count and centroid sums) only. Valid when
     * the same photos come back in a summary that contains them (a part that grew, or that another
     * part absorbed): the bounds, times, first photo and hull candidates this summary keeps are
     * then still those of its members, and merging the grown summary brings the rest.
     */
    public void forgetCounts(EventSummary o) {
        if (o == null || o.count == 0) {
            return;
        }
        count -= o.count;
        sumX -= o.sumX;
        sumY -= o.sumY;
        sumZ -= o.sumZ;
    }

    private void mergeHull(double[] other) {
        if (hullPoints == null || other == null) {
            hullPoints = null; // a part without a known hull: the whole has none either
            return;
        }
        double[] all = Arrays.copyOf(hullPoints, hullPoints.length + other.length);
        System.arraycopy(other, 0, all, hullPoints.length, other.length);
        hullPoints = all;
        // Pruning costs a hull computation; doing it when the candidates doubled keeps it amortised O(1) per photo.
        if (hullPoints.length / 2 > 2 * hullPruned + 16) {
            hullPoints = Footprint.vertices(hullPoints, centroidLat(), centroidLon());
            hullPruned = hullPoints.length / 2;
        }
    }

    /**
     * The footprint, the convex hull of the members, as GeoJSON positions (lon, lat flattened): a
     * closed counter-clockwise ring, or a segment's two ends, or one point ({@link Footprint#positions}).
     */
    public double[] footprint() {
        return hullPoints == null ? null : Footprint.positions(hullPoints, centroidLat(), centroidLon());
    }

    /** True when photo (t1, id1) comes before (t2, id2) in (takenAt, photoId) order. */
    public static boolean firstPhotoBefore(long t1, String id1, long t2, String id2) {
        return Photo.compareByTimeThenId(t1, id1, t2, id2) < 0;
    }

    /** The event id this summary's first photo names. */
    public String eventId() {
        return EventIds.forFirstPhoto(firstPhotoId);
    }

    public double centroidLat() {
        double h = Math.sqrt(sumX * sumX + sumY * sumY);
        return Math.toDegrees(Math.atan2(sumZ, h));
    }

    public double centroidLon() {
        if (sumX == 0 && sumY == 0) {
            return west; // a pole (or antipodal members): longitude is arbitrary
        }
        return Math.toDegrees(Math.atan2(sumY, sumX));
    }

    public double east() {
        return normalizeLon(west + lonWidth);
    }

    /** GeoJSON bbox order: [west, south, east, north]; west > east when it crosses 180°. */
    public double[] bbox() {
        return new double[] {west, minLat, lonWidth >= 360 ? 180.0 : east(), maxLat};
    }

    /** Upper bound of the spread: distance from the centroid to the farthest bbox corner. */
    public double radiusMeters() {
        double cLat = centroidLat();
        double cLon = centroidLon();
        double east = west + lonWidth;
        double r = 0;
        for (double lat : new double[] {minLat, maxLat}) {
            for (double lon : new double[] {west, east}) {
                r = Math.max(r, Haversine.distanceMeters(cLat, cLon, lat, lon));
            }
        }
        return r;
    }

    private void mergeLonArc(double w2, double width2) {
        // The shorter of the two arcs that start at one west end and reach past the other arc.
        double d12 = Math.floorMod(Math.round((w2 - west) * 1e9), 360_000_000_000L) / 1e9;
        double d21 = Math.floorMod(Math.round((west - w2) * 1e9), 360_000_000_000L) / 1e9;
        double fromMine = Math.max(lonWidth, d12 + width2);
        double fromTheirs = Math.max(width2, d21 + lonWidth);
        if (fromTheirs < fromMine || (fromTheirs == fromMine && w2 < west)) {
            west = w2;
            lonWidth = Math.min(360, fromTheirs);
        } else {
            lonWidth = Math.min(360, fromMine);
        }
    }

    static double normalizeLon(double lon) {
        double l = ((lon + 180.0) % 360.0 + 360.0) % 360.0 - 180.0;
        return l;
    }

    @Override
    public String toString() {
        return "EventSummary{n=" + count + ", first=" + firstPhotoId + ", " + startAt + ".." + endAt
                + ", centroid=" + centroidLat() + "," + centroidLon() + "}";
    }
}
