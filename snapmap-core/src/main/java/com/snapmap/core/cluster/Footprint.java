package com.snapmap.core.cluster;

import java.util.Arrays;
import org.locationtech.jts.algorithm.ConvexHull;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * Convex hulls of points on the sphere, computed with JTS in the gnomonic projection around a
 * centre. The gnomonic projection maps great circles to straight lines, so the hull's vertices are
 * the same whatever centre is used (within the hemisphere around it): that is what makes hulls
 * mergeable (hull of a set == hull of the hulls of its parts) and right across the antimeridian,
 * where longitudes jump but the projection does not.
 */
public final class Footprint {

    /** Points farther than this from the centre (cos of ~84°) are not projected: no hull then. */
    private static final double MIN_COS = 0.1;
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    private Footprint() {}

    /**
     * The hull's vertices among {@code latLon} (flattened lat0, lon0, lat1, lon1, ...): the corners
     * of a polygon, the two ends of a segment, or one point; the input unchanged when the points
     * span too much of the sphere to project.
     */
    public static double[] vertices(double[] latLon, double centreLat, double centreLon) {
        Geometry hull = hull(latLon, centreLat, centreLon);
        if (hull == null) {
            return latLon;
        }
        Coordinate[] cs = hull.getCoordinates();
        int n = hull instanceof Polygon ? cs.length - 1 : cs.length;
        double[] out = new double[2 * n];
        for (int i = 0; i < n; i++) {
            int k = (int) cs[i].getZ();
            out[2 * i] = latLon[2 * k];
            out[2 * i + 1] = latLon[2 * k + 1];
        }
        return out;
    }

    /**
     * The hull as GeoJSON positions flattened lon0, lat0, ...: a closed ring counter-clockwise
     * (RFC 7946) starting at its southernmost (then lowest-longitude) vertex when it has an area;
     * else the two ends of a segment, or one point, in that same order. Null for no points.
     */
    public static double[] positions(double[] latLon, double centreLat, double centreLon) {
        Geometry hull = hull(latLon, centreLat, centreLon);
        if (hull == null) {
            return null;
        }
        Coordinate[] cs = hull.getCoordinates();
        boolean polygon = hull instanceof Polygon;
        int n = polygon ? cs.length - 1 : cs.length;
        boolean reverse = polygon && !Orientation.isCCW(cs);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) cs[reverse ? n - 1 - i : i].getZ();
        }
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (before(latLon, order[i], order[start])) {
                start = i;
            }
        }
        int m = polygon ? n + 1 : n;
        double[] out = new double[2 * m];
        for (int i = 0; i < m; i++) {
            int k = order[(start + i) % n];
            out[2 * i] = latLon[2 * k + 1];
            out[2 * i + 1] = latLon[2 * k];
        }
        return out;
    }

    private static boolean before(double[] latLon, int a, int b) {
        return latLon[2 * a] < latLon[2 * b] || (latLon[2 * a] == latLon[2 * b] && latLon[2 * a + 1] < latLon[2 * b + 1]);
    }

    private static Geometry hull(double[] latLon, double centreLat, double centreLon) {
        int n = latLon.length / 2;
        if (n == 0) {
            return null;
        }
        if (n == 1) { // most events are one photo: its hull is that point, wherever the centre
            return GEOMETRY.createPoint(new Coordinate(0, 0, 0));
        }
        double phi0 = Math.toRadians(centreLat);
        double sin0 = Math.sin(phi0);
        double cos0 = Math.cos(phi0);
        Coordinate[] cs = new Coordinate[n];
        for (int i = 0; i < n; i++) {
            double phi = Math.toRadians(latLon[2 * i]);
            double dl = Math.toRadians(latLon[2 * i + 1] - centreLon);
            double cosC = sin0 * Math.sin(phi) + cos0 * Math.cos(phi) * Math.cos(dl);
            if (cosC < MIN_COS) {
                return null;
            }
            double x = Math.cos(phi) * Math.sin(dl) / cosC;
            double y = (cos0 * Math.sin(phi) - sin0 * Math.cos(phi) * Math.cos(dl)) / cosC;
            cs[i] = new Coordinate(x, y, i); // z carries the index back to the original lat/lon
        }
        return new ConvexHull(dedupe(cs), GEOMETRY).getConvexHull();
    }

    /** Equal points (one photo spot, many photos) would only make JTS work harder. */
    private static Coordinate[] dedupe(Coordinate[] cs) {
        Coordinate[] sorted = cs.clone();
        Arrays.sort(sorted, (a, b) -> a.x != b.x ? Double.compare(a.x, b.x)
                : a.y != b.y ? Double.compare(a.y, b.y) : Double.compare(a.getZ(), b.getZ()));
        int m = 0;
        for (Coordinate c : sorted) {
            if (m == 0 || sorted[m - 1].x != c.x || sorted[m - 1].y != c.y) {
                sorted[m++] = c;
            }
        }
        return Arrays.copyOf(sorted, m);
    }
}
