package com.snapmap.job;

import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.geo.Haversine;
import com.snapmap.job.model.CellPhoto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cell linker's spatial index of one region's recent photos (plain Java, no Flink): bounded
 * work per photo however crowded the region is.
 *
 * <p>The region is cut into square sub-cells whose diagonal is below R, so two photos of one
 * sub-cell are always within R of each other. In a sub-cell, the photos of {@code [t-W, t]} are
 * then pairwise linked (one cluster), and so are those of {@code (t, t+W]}. To learn which
 * clusters a new photo at {@code t} links, it is enough to look, in each sub-cell near it, at
 * those two groups: a group whose cluster is already linked is skipped, otherwise its photos are
 * checked (nearest in time first) until one links. Single linkage needs one link per cluster, not
 * every pair, so a stadium costs per photo what a quiet street does.
 *
 * <p>Sub-cells are squares in a local projection around the region that never shrinks distances
 * (east-west scaled by the largest cosine of latitude in the region; around the pole, an
 * azimuthal projection), so the in-sub-cell guarantee holds exactly; candidate sub-cells are
 * chosen with a margin for the projection's stretch, and every candidate link is checked with
 * the exact haversine rule.
 */
final class LinkIndex {

    /** Sub-cell side as a share of R/√2: the margin keeps "one sub-cell ⇒ within R" exact. */
    private static final double SIDE_SHARE = 0.9;
    private static final double METERS_PER_DEGREE = Math.toRadians(1) * Haversine.EARTH_RADIUS_M;

    /** What a new photo links to: home clusters by label (sorted), and one halo photo per group. */
    static final class Links {
        final TreeSet<String> homeLabels = new TreeSet<>();
        final List<CellPhoto> halos = new ArrayList<>();
    }

    private static final class SubCell {
        final TimeOrderedPhotos home = new TimeOrderedPhotos();
        final TimeOrderedPhotos halo = new TimeOrderedPhotos();
    }

    private final LinkRule rule;
    private final long window;
    private final boolean polar;
    private final double lat0;
    private final double lon0;
    private final double cosScale;
    private final double side;
    /** Sub-cells to each side worth visiting, after the projection's stretch. */
    private final int reach;
    private final double reachMeters;
    private final Map<Long, SubCell> cells = new HashMap<>();
    /** The ids of the indexed photos: de-duplication without a state read per photo. */
    private final Set<String> ids = new HashSet<>();
    private int size;
    /** The clean-up timer last registered for this region (re-registering it is a no-op, but not free). */
    long lastTimer = Long.MIN_VALUE;
    private long checks;

    LinkIndex(String region, LinkRule rule) {
        this.rule = rule;
        this.window = rule.windowMillis();
        double r = rule.radiusMeters();
        this.side = SIDE_SHARE * r / Math.sqrt(2);
        double stretch;
        if (CellCover.NORTH_POLAR_CELL.equals(region) || CellCover.SOUTH_POLAR_CELL.equals(region)) {
            polar = true;
            lat0 = CellCover.NORTH_POLAR_CELL.equals(region) ? 90 : -90;
            lon0 = 0;
            cosScale = 1;
            // Azimuthal equidistant: lateral stretch colat/sin(colat), at most a few 1e-4 near 88°.
            stretch = 1.01;
        } else {
            polar = false;
            double[] b = Geohash.bbox(region);
            // Halo photos lie within ~R√2 of the region: widen the latitude band by that much.
            double margin = 2 * Haversine.metersToDegrees(r);
            double lo = Math.max(-90, b[0] - margin);
            double hi = Math.min(90, b[1] + margin);
            double cosMax = lo <= 0 && hi >= 0 ? 1 : Math.cos(Math.toRadians(Math.min(Math.abs(lo), Math.abs(hi))));
            double cosMin = Math.cos(Math.toRadians(Math.min(89.999, Math.max(Math.abs(lo), Math.abs(hi)))));
            lat0 = (b[0] + b[1]) / 2;
            lon0 = (b[2] + b[3]) / 2;
            cosScale = cosMax;
            stretch = cosMax / cosMin * 1.001;
        }
        this.reachMeters = r * stretch;
        this.reach = (int) Math.ceil(reachMeters / side);
    }

    int size() {
        return size;
    }

    /** Whether a copy of photo {@code photoId} is indexed already (the copies of a photo share their id). */
    boolean contains(String photoId) {
        return ids.contains(photoId);
    }

    /** Link-rule evaluations so far: what a new photo costs, for tests and metrics. */
    long checks() {
        return checks;
    }

    /** Which clusters and halo photos {@code p} links to, among the photos already indexed. */
    Links find(CellPhoto p) {
        Links links = new Links();
        double x = x(p.lat, p.lon);
        double y = y(p.lat, p.lon);
        long ix = (long) Math.floor(x / side);
        long iy = (long) Math.floor(y / side);
        for (long dx = -reach; dx <= reach; dx++) {
            double gx = gap(x, ix + dx);
            for (long dy = -reach; dy <= reach; dy++) {
                double gy = gap(y, iy + dy);
                if (gx * gx + gy * gy > reachMeters * reachMeters) {
                    continue; // no point of that sub-cell is within reach: skip the look-up
                }
                SubCell c = cells.get(key(ix + dx, iy + dy));
                if (c == null) {
                    continue;
                }
                if (!c.home.isEmpty()) {
                    scan(c.home, p, links, true);
                }
                if (p.home && !c.halo.isEmpty()) {
                    scan(c.halo, p, links, false);
                }
            }
        }
        return links;
    }

    /**
     * Looks at the two time groups of a sub-cell, {@code [t-W, t]} and {@code (t, t+W]}, nearest
     * in time first (photos of one instant in arrival order), until one photo of the group links.
     * A home group is one cluster: it is skipped when that cluster is linked already. Halo photos
     * of one group are linked to each other (their home regions see that): one is enough. Nothing
     * is allocated per sub-cell.
     */
    private void scan(TimeOrderedPhotos g, CellPhoto p, Links links, boolean home) {
        long t = p.takenAt;
        int after = g.upperBound(t);
        int i = after - 1;
        if (i >= g.start() && g.time(i) >= t - window
                && !(home && links.homeLabels.contains(g.photo(firstOfInstant(g, i)).label))) {
            scanBack:
            while (i >= g.start() && g.time(i) >= t - window) {
                int first = firstOfInstant(g, i);
                for (int k = first; k <= i; k++) {
                    if (linksOne(g.photo(k), p, links, home)) {
                        break scanBack;
                    }
                }
                i = first - 1;
            }
        }
        if (after < g.end() && g.time(after) <= t + window && !(home && links.homeLabels.contains(g.photo(after).label))) {
            for (int k = after; k < g.end() && g.time(k) <= t + window; k++) {
                if (linksOne(g.photo(k), p, links, home)) {
                    break;
                }
            }
        }
    }

    /** The first photo (in arrival order) taken at the same instant as photo {@code i}. */
    private static int firstOfInstant(TimeOrderedPhotos g, int i) {
        return i > g.start() && g.time(i - 1) == g.time(i) ? g.upperBound(g.time(i) - 1) : i;
    }

    /** Checks one photo; records it and returns true when it links. */
    private boolean linksOne(CellPhoto q, CellPhoto p, Links links, boolean home) {
        checks++;
        if (rule.linked(p.takenAt, p.lat, p.lon, q.takenAt, q.lat, q.lon)) {
            if (home) {
                links.homeLabels.add(q.label);
            } else {
                links.halos.add(q);
            }
            return true;
        }
        return false;
    }

    void add(CellPhoto p) {
        SubCell c = cells.computeIfAbsent(key(p), k -> new SubCell());
        (p.home ? c.home : c.halo).add(p);
        ids.add(p.photoId);
        size++;
    }

    /**
     * Removes and returns every photo taken at or before {@code takenAt}. Visits every sub-cell of
     * the region: called once per clean-up grid step, so each sub-cell is visited a bounded number
     * of times in its life (the lateness over the grid step).
     */
    List<CellPhoto> evictUpTo(long takenAt) {
        List<CellPhoto> out = new ArrayList<>();
        Iterator<SubCell> it = cells.values().iterator();
        while (it.hasNext()) {
            SubCell c = it.next();
            c.home.evictUpTo(takenAt, out);
            c.halo.evictUpTo(takenAt, out);
            if (c.home.isEmpty() && c.halo.isEmpty()) {
                it.remove();
            }
        }
        for (CellPhoto p : out) {
            ids.remove(p.photoId);
        }
        size -= out.size();
        return out;
    }

    private long key(CellPhoto p) {
        return key((long) Math.floor(x(p.lat, p.lon) / side), (long) Math.floor(y(p.lat, p.lon) / side));
    }

    /**
     * One key per sub-cell: the packed (ix, iy) through MurmurHash3's 64-bit finaliser, a bijection,
     * so keys stay unique. Packed alone, {@code Long.hashCode} (which xors the halves) gave nearby
     * sub-cells such as (a, b) and (b, a) one hash, and the map's bins turned into trees.
     */
    private static long key(long ix, long iy) {
        long k = (ix << 32) ^ (iy & 0xffffffffL);
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    /** Distance along one axis from {@code v} to the sub-cell span {@code [i·side, (i+1)·side)}. */
    private double gap(double v, long i) {
        double lo = i * side;
        double hi = lo + side;
        return v < lo ? lo - v : v > hi ? v - hi : 0;
    }

    private double x(double lat, double lon) {
        if (polar) {
            double colat = (90 - Math.abs(lat)) * METERS_PER_DEGREE;
            return colat * Math.cos(Math.toRadians(lon));
        }
        double d = lon - lon0;
        if (d > 180) {
            d -= 360;
        } else if (d < -180) {
            d += 360;
        }
        return d * cosScale * METERS_PER_DEGREE;
    }

    private double y(double lat, double lon) {
        if (polar) {
            double colat = (90 - Math.abs(lat)) * METERS_PER_DEGREE;
            return colat * Math.sin(Math.toRadians(lon));
        }
        return (lat - lat0) * METERS_PER_DEGREE;
    }
}
