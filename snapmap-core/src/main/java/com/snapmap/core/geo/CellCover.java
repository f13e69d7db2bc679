package com.snapmap.core.geo;

import java.util.ArrayList;
import java.util.List;

/**
 * Routing of a photo to cells (docs/HOT-PATH.md, "The graph"): its home cell, and as halo every other cell
 * that may hold a photo within R of it.
 *
 * <p>Rather than trusting that a cell is at least R wide (false near the poles), the halo is every
 * cell that intersects the latitude/longitude box of the R-circle, which is a superset of the
 * cells within R at any latitude. Above {@link #POLAR_CAP_LAT}° the cells become so narrow that
 * this box would span too many of them, so each polar cap is one cell of its own.
 */
public final class CellCover {

    /** Photos with |lat| above this belong to one polar cell per hemisphere. */
    public static final double POLAR_CAP_LAT = 88.0;

    public static final String NORTH_POLAR_CELL = "polar-n";
    public static final String SOUTH_POLAR_CELL = "polar-s";

    /** Refuse configurations whose halo would fan a photo out to more cells than this. */
    public static final int MAX_CELLS_PER_PHOTO = 256;

    private final int precision;
    private final double radiusDeg;

    public CellCover(int precision, double radiusMeters) {
        if (precision < 1 || precision > Geohash.MAX_PRECISION) {
            throw new IllegalArgumentException(
                    "cell precision must be in 1.." + Geohash.MAX_PRECISION + ", got " + precision);
        }
        if (!(radiusMeters > 0) || radiusMeters > 100_000) {
            throw new IllegalArgumentException(
                    "link radius must be in (0, 100000] metres, got " + radiusMeters);
        }
        this.precision = precision;
        // Pad by a millionth so rounding never drops a cell that holds a photo exactly at R.
        this.radiusDeg = Haversine.metersToDegrees(radiusMeters) * (1 + 1e-6) + 1e-12;
        long worst = coverSize(POLAR_CAP_LAT - radiusDeg, POLAR_CAP_LAT);
        if (worst > MAX_CELLS_PER_PHOTO) {
            throw new IllegalArgumentException(
                    "cell precision " + precision + " is too fine for a link radius of "
                            + radiusMeters + " m: a photo near the pole would be copied to "
                            + worst + " cells (max " + MAX_CELLS_PER_PHOTO
                            + "); choose a smaller precision");
        }
    }

    public int precision() {
        return precision;
    }

    public String homeCell(double lat, double lon) {
        if (lat > POLAR_CAP_LAT) {
            return NORTH_POLAR_CELL;
        }
        if (lat < -POLAR_CAP_LAT) {
            return SOUTH_POLAR_CELL;
        }
        return Geohash.encode(lat, lon, precision);
    }

    /** Number of grid cells the R-circle's box spans between latitudes lo and hi (no enumeration). */
    private long coverSize(double lo, double hi) {
        double s = Math.sin(Math.toRadians(radiusDeg)) / Math.cos(Math.toRadians(Math.min(89.999, hi)));
        double halfLon = s >= 1 ? 180 : Math.toDegrees(Math.asin(s));
        long rows = Geohash.latIndex(hi, precision) - Geohash.latIndex(lo, precision) + 1;
        long cols = Math.min(1L << Geohash.lonBits(precision),
                (long) Math.ceil(2 * halfLon / Geohash.cellLonDegrees(precision)) + 1);
        return rows * cols;
    }

    /** Home cell first, then the halo cells; no duplicates. */
    public List<String> cover(double lat, double lon) {
        List<String> cells = new ArrayList<>(4);
        cells.add(homeCell(lat, lon));
        double south = lat - radiusDeg;
        double north = lat + radiusDeg;
        if (north > POLAR_CAP_LAT) {
            addOnce(cells, NORTH_POLAR_CELL);
        }
        if (south < -POLAR_CAP_LAT) {
            addOnce(cells, SOUTH_POLAR_CELL);
        }
        double lo = Math.max(south, -POLAR_CAP_LAT);
        double hi = Math.min(north, POLAR_CAP_LAT);
        if (lo > hi) {
            return cells; // the whole circle lies inside a polar cap
        }
        // Half-width in longitude of the circle: asin(sin r / cos lat) is exact for a small cap.
        double maxAbsLat = Math.min(89.999, Math.max(Math.abs(lo), Math.abs(hi)));
        double s = Math.sin(Math.toRadians(radiusDeg)) / Math.cos(Math.toRadians(maxAbsLat));
        double halfLon = s >= 1 ? 180 : Math.toDegrees(Math.asin(s)) * (1 + 1e-6) + 1e-12;
        long latLo = Geohash.latIndex(lo, precision);
        long latHi = Geohash.latIndex(hi, precision);
        double dLon = Geohash.cellLonDegrees(precision);
        long lonCells = 1L << Geohash.lonBits(precision);
        long lonLo = (long) Math.floor((lon - halfLon + 180.0) / dLon);
        long lonHi = (long) Math.floor((lon + halfLon + 180.0) / dLon);
        if (lonHi - lonLo + 1 >= lonCells) {
            lonLo = 0;
            lonHi = lonCells - 1;
        }
        for (long la = latLo; la <= latHi; la++) {
            for (long lo2 = lonLo; lo2 <= lonHi; lo2++) {
                addOnce(cells, Geohash.fromIndices(la, lo2, precision));
            }
        }
        return cells;
    }

    private static void addOnce(List<String> cells, String cell) {
        if (!cells.contains(cell)) {
            cells.add(cell);
        }
    }
}
