package com.snapmap.gateway;

import com.snapmap.core.geo.Haversine;
import java.util.List;

/**
 * A latitude/longitude box in GeoJSON order. {@code west > east} means the box crosses the
 * antimeridian (it spans west..180 and -180..east); {@code west = -180, east = 180} is every longitude.
 */
public record Viewport(double west, double south, double east, double north) {

    public static final Viewport WORLD = new Viewport(-180, -90, 180, 90);

    public Viewport {
        if (south > north) {
            throw new IllegalArgumentException("south " + south + " is above north " + north);
        }
    }

    /** Parses the query parameter {@code bbox=west,south,east,north}; bad input is a 400 naming {@code bbox}. */
    public static Viewport parse(String bbox) {
        String[] parts = bbox.split(",", -1);
        if (parts.length != 4) {
            throw new ApiError(400, "bbox", "expected west,south,east,north, got '" + bbox + "'");
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ApiError(400, "bbox", "'" + parts[i] + "' is not a number");
            }
            if (!Double.isFinite(v[i])) {
                throw new ApiError(400, "bbox", "coordinates must be finite");
            }
        }
        if (Math.abs(v[0]) > 180 || Math.abs(v[2]) > 180) {
            throw new ApiError(400, "bbox", "west and east must be in [-180, 180]");
        }
        if (Math.abs(v[1]) > 90 || Math.abs(v[3]) > 90) {
            throw new ApiError(400, "bbox", "south and north must be in [-90, 90]");
        }
        if (v[1] > v[3]) {
            throw new ApiError(400, "bbox", "south " + v[1] + " is above north " + v[3]);
        }
        return new Viewport(v[0], v[1], v[2], v[3]);
    }

    /** The smallest box holding the circle of {@code radiusM} around (lat, lon), on the sphere. */
    public static Viewport around(double lat, double lon, double radiusM) {
        double angular = radiusM / Haversine.EARTH_RADIUS_M;
        double dLat = Math.toDegrees(angular);
        double south = lat - dLat;
        double north = lat + dLat;
        if (south <= -90 || north >= 90) { // the circle holds a pole: every longitude
            return new Viewport(-180, Math.max(-90, south), 180, Math.min(90, north));
        }
        // Widest longitude offset of a small circle (exact on the sphere, not the equator's).
        double s = Math.sin(angular) / Math.cos(Math.toRadians(lat));
        if (s >= 1) {
            return new Viewport(-180, south, 180, north);
        }
        double dLon = Math.toDegrees(Math.asin(s));
        return new Viewport(wrap(lon - dLon), south, wrap(lon + dLon), north);
    }

    public boolean crossesAntimeridian() {
        return west > east;
    }

    public boolean contains(double lat, double lon) {
        if (lat < south || lat > north) {
            return false;
        }
        return crossesAntimeridian() ? lon >= west || lon <= east : lon >= west && lon <= east;
    }

    /** One box, or two when this one crosses the antimeridian; none of them crosses it. */
    public List<Viewport> parts() {
        if (!crossesAntimeridian()) {
            return List.of(this);
        }
        return List.of(new Viewport(west, south, 180, north), new Viewport(-180, south, east, north));
    }

    /** Longitude into [-180, 180]. */
    static double wrap(double lon) {
        if (lon >= -180 && lon <= 180) {
            return lon;
        }
        double w = ((lon + 180) % 360 + 360) % 360 - 180;
        return w == -180 && lon > 0 ? 180 : w;
    }
}
