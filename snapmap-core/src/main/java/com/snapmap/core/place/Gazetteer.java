package com.snapmap.core.place;

import com.snapmap.core.geo.Haversine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The nearest populated place to a point, within {@link #MAX_DISTANCE_M}; none farther out (at
 * sea, in a desert). A pure function of the point, so an event's place changes only when its
 * centroid moves into another place's nearest area.
 *
 * <p>Places sit in a grid of {@value #CELL_DEGREES}° cells, sorted by cell: a look-up scans the
 * few cells the search circle touches (wrapping at the antimeridian, whole rows near a pole).
 * Equally near places are decided by their order in the grid (cell, then table line), so the
 * answer depends on nothing but the point and the table.
 *
 * <p>{@link #geonames()} is the table the build makes from GeoNames (gazetteer/build-places.js):
 * places of at least 1 000 people, CC BY 4.0, credited in the README.
 */
public final class Gazetteer {

    /** How far a place names what is around it: a town's outskirts, not the next valley. */
    public static final double MAX_DISTANCE_M = 25_000;

    static final double CELL_DEGREES = 0.1;
    private static final int ROWS = (int) Math.round(180 / CELL_DEGREES);
    private static final int COLS = (int) Math.round(360 / CELL_DEGREES);
    private static final String RESOURCE = "places.tsv.gz";
    private static final double MAX_HAVERSINE = Haversine.haversineOf(MAX_DISTANCE_M);
    private static final double MAX_DEGREES = Math.toDegrees(MAX_DISTANCE_M / Haversine.EARTH_RADIUS_M);

    private final int[] cells;
    private final double[] lats;
    private final double[] lons;
    private final Place[] places;

    private Gazetteer(List<Place> places, List<double[]> points) {
        int n = places.size();
        Integer[] order = new Integer[n];
        int[] cellOf = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            cellOf[i] = cell(points.get(i)[0], points.get(i)[1]);
        }
        Arrays.sort(order, (a, b) -> cellOf[a] != cellOf[b] ? Integer.compare(cellOf[a], cellOf[b]) : Integer.compare(a, b));
        this.cells = new int[n];
        this.lats = new double[n];
        this.lons = new double[n];
        this.places = new Place[n];
        for (int i = 0; i < n; i++) {
            int j = order[i];
            cells[i] = cellOf[j];
            lats[i] = points.get(j)[0];
            lons[i] = points.get(j)[1];
            this.places[i] = places.get(j);
        }
    }

    /** The GeoNames table shipped in this jar, read once. */
    public static Gazetteer geonames() {
        return Holder.GEONAMES;
    }

    /**
     * A gazetteer from lines {@code name TAB region TAB countryCode TAB lat×10⁵ TAB lon×10⁵}
     * (the format build-places.js writes).
     */
    public static Gazetteer read(Reader in) throws IOException {
        BufferedReader r = new BufferedReader(in);
        List<Place> places = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        Map<String, String> shared = new HashMap<>(); // regions and countries repeat: keep one copy each
        String line;
        int number = 0;
        while ((line = r.readLine()) != null) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new IOException("place table line " + number + ": expected 5 tab-separated fields, got " + f.length);
            }
            String region = shared.computeIfAbsent(f[1], k -> k);
            String country = shared.computeIfAbsent(f[2], k -> k);
            places.add(new Place(f[0], region, country));
            points.add(new double[] {Integer.parseInt(f[3]) / 1e5, Integer.parseInt(f[4]) / 1e5});
        }
        return new Gazetteer(places, points);
    }

    public int size() {
        return places.length;
    }

    /** The nearest place within {@link #MAX_DISTANCE_M} of (lat, lon), or null when there is none. */
    public Place nearest(double lat, double lon) {
        if (!(Math.abs(lat) <= 90) || !Double.isFinite(lon)) {
            return null;
        }
        lon = ((lon + 180) % 360 + 360) % 360 - 180;
        int rowLo = row(lat - MAX_DEGREES);
        int rowHi = row(lat + MAX_DEGREES);
        double farthestLat = Math.min(90, Math.abs(lat) + MAX_DEGREES);
        double lonSpan = farthestLat >= 89.9 ? 360 : MAX_DEGREES / Math.cos(Math.toRadians(farthestLat));
        int colLo;
        int colHi;
        if (lonSpan >= 180) {
            colLo = 0;
            colHi = COLS - 1;
        } else {
            colLo = (int) Math.floor((lon - lonSpan + 180) / CELL_DEGREES);
            colHi = (int) Math.floor((lon + lonSpan + 180) / CELL_DEGREES);
        }
        Search search = new Search(lat, lon);
        for (int row = rowLo; row <= rowHi; row++) {
            if (colLo < 0) {
                scan(search, row, colLo + COLS, COLS - 1);
                scan(search, row, 0, colHi);
            } else if (colHi >= COLS) {
                scan(search, row, colLo, COLS - 1);
                scan(search, row, 0, colHi - COLS);
            } else {
                scan(search, row, colLo, colHi);
            }
        }
        return search.best < 0 ? null : places[search.best];
    }

    /** Offers the places in cells [c0, c1] of {@code row}: nearer wins, as near and listed first wins. */
    private void scan(Search s, int row, int c0, int c1) {
        int to = row * COLS + c1;
        for (int i = firstAtLeast(row * COLS + c0); i < cells.length && cells[i] <= to; i++) {
            double h = Haversine.haversine(s.lat, s.lon, lats[i], lons[i]);
            if (h < s.bestH || (h == s.bestH && (s.best < 0 || i < s.best))) {
                s.best = i;
                s.bestH = h;
            }
        }
    }

    private int firstAtLeast(int key) {
        int lo = 0;
        int hi = cells.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cells[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int cell(double lat, double lon) {
        int col = Math.min(COLS - 1, Math.max(0, (int) Math.floor((lon + 180) / CELL_DEGREES)));
        return row(lat) * COLS + col;
    }

    private static int row(double lat) {
        return Math.min(ROWS - 1, Math.max(0, (int) Math.floor((lat + 90) / CELL_DEGREES)));
    }

    private static final class Search {
        final double lat;
        final double lon;
        int best = -1;
        double bestH = MAX_HAVERSINE;

        Search(double lat, double lon) {
            this.lat = lat;
            this.lon = lon;
        }
    }

    private static final class Holder {
        static final Gazetteer GEONAMES = load();

        private static Gazetteer load() {
            InputStream raw = Gazetteer.class.getResourceAsStream(RESOURCE);
            if (raw == null) {
                throw new IllegalStateException("the place table " + RESOURCE + " is missing from the class path:"
                        + " build snapmap-core with Maven (it runs gazetteer/build-places.js after npm install)");
            }
            try (Reader in = new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8)) {
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the place table " + RESOURCE, e);
            }
        }
    }
}
