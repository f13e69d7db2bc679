package com.snapmap.gateway;

import com.snapmap.core.geo.Geohash;
import java.util.List;
import java.util.TreeSet;

/**
 * The geohash prefixes that cover a viewport, at the finest precision (at most the events'
 * {@code cell} precision) that needs no more than {@code maxCells} of them. A street gets a few
 * 5-character cells, a continent a few 2-character ones: each prefix is one index range scan on
 * {@code events.cell}, so the query stays bounded at every zoom and needs no geo operator.
 */
public final class ViewportCover {

    private final int maxPrecision;
    private final int maxCells;

    public ViewportCover(int maxPrecision, int maxCells) {
        if (maxPrecision < 1 || maxPrecision > Geohash.MAX_PRECISION) {
            throw new IllegalArgumentException("maxPrecision must be in 1.." + Geohash.MAX_PRECISION);
        }
        if (maxCells < 32) { // precision 1 covers the world in 32 cells
            throw new IllegalArgumentException("maxCells must be >= 32, got " + maxCells);
        }
        this.maxPrecision = maxPrecision;
        this.maxCells = maxCells;
    }

    /** Sorted, distinct prefixes (their order is the order of the index). */
    public List<String> cover(Viewport v) {
        int precision = 1;
        for (int p = maxPrecision; p >= 1; p--) {
            if (count(v, p) <= maxCells) {
                precision = p;
                break;
            }
        }
        TreeSet<String> cells = new TreeSet<>();
        for (Viewport part : v.parts()) {
            double dLat = Geohash.cellLatDegrees(precision);
            double dLon = Geohash.cellLonDegrees(precision);
            int[] rows = span(part.south() + 90, part.north() + 90, dLat, 1 << Geohash.latBits(precision));
            int[] cols = span(part.west() + 180, part.east() + 180, dLon, 1 << Geohash.lonBits(precision));
            for (int r = rows[0]; r <= rows[1]; r++) {
                for (int c = cols[0]; c <= cols[1]; c++) {
                    cells.add(Geohash.encode(-90 + (r + 0.5) * dLat, -180 + (c + 0.5) * dLon, precision));
                }
            }
        }
        return List.copyOf(cells);
    }

    private static long count(Viewport v, int precision) {
        long n = 0;
        for (Viewport part : v.parts()) {
            int[] rows = span(part.south() + 90, part.north() + 90, Geohash.cellLatDegrees(precision),
                    1 << Geohash.latBits(precision));
            int[] cols = span(part.west() + 180, part.east() + 180, Geohash.cellLonDegrees(precision),
                    1 << Geohash.lonBits(precision));
            n += (long) (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1);
        }
        return n;
    }

    /** First and last grid index touched by [lo, hi] (offsets from the grid's origin). */
    private static int[] span(double lo, double hi, double step, int cells) {
        int first = (int) Math.max(0, Math.min(cells - 1, Math.floor(lo / step)));
        int last = (int) Math.max(0, Math.min(cells - 1, Math.floor(hi / step)));
        return new int[] {first, last};
    }
}
