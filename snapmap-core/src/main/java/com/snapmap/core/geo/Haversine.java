package com.snapmap.core.geo;

/** Great-circle distance on the sphere of the link rule (docs/SEMANTICS.md; mean Earth radius 6 371 008.8 m). */
public final class Haversine {

    public static final double EARTH_RADIUS_M = 6_371_008.8;

    private Haversine() {}

    public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
        return meters(haversine(lat1, lon1, lat2, lon2));
    }

    /**
     * The haversine of the central angle between two points: it grows with the distance, so a
     * comparison with {@link #haversineOf(double)} of a distance needs no arc sine.
     */
    public static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double s1 = Math.sin(dPhi / 2);
        double s2 = Math.sin(dLambda / 2);
        return s1 * s1 + Math.cos(phi1) * Math.cos(phi2) * s2 * s2;
    }

    /** The distance of a {@link #haversine}. */
    public static double meters(double haversine) {
        // min() guards against a > 1 from rounding on antipodal points.
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1.0, Math.sqrt(haversine)));
    }

    /** The {@link #haversine} of two points {@code meters} apart. */
    public static double haversineOf(double meters) {
        double s = Math.sin(meters / (2 * EARTH_RADIUS_M));
        return s * s;
    }

    /** Angular radius in degrees of a circle of {@code meters} on the sphere. */
    public static double metersToDegrees(double meters) {
        return Math.toDegrees(meters / EARTH_RADIUS_M);
    }

    /** The point {lat, lon} at distance {@code meters} and initial bearing {@code bearingDeg}. */
    public static double[] destination(double lat, double lon, double meters, double bearingDeg) {
        double r = meters / EARTH_RADIUS_M;
        double phi = Math.toRadians(lat);
        double b = Math.toRadians(bearingDeg);
        double phi2 = Math.asin(Math.sin(phi) * Math.cos(r) + Math.cos(phi) * Math.sin(r) * Math.cos(b));
        double lam2 = Math.toRadians(lon) + Math.atan2(Math.sin(b) * Math.sin(r) * Math.cos(phi),
                Math.cos(r) - Math.sin(phi) * Math.sin(phi2));
        double lon2 = ((Math.toDegrees(lam2) + 180) % 360 + 360) % 360 - 180;
        return new double[] {Math.toDegrees(phi2), lon2};
    }
}
