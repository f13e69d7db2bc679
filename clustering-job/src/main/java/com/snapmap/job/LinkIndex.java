package com.snapmap.job;

import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.geo.Haversine;
import com.snapmap.job.model.CellPhoto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        final TreeMap<Long, List<CellPhoto>> home = new TreeMap<>();
        final TreeMap<Long, List<CellPhoto>> halo = new TreeMap<>();
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
    private final TreeMap<Long, List<CellPhoto>> byTime = new TreeMap<>();
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
     * in time first, until one photo of the group links. A home group is one cluster: it is skipped
     * when that cluster is linked already. Halo photos of one group are linked to each other (their
     * home regions see that): one is enough. No views or iterators are made: a photo's look-up
     * allocates nothing per sub-cell.
     */
    private void scan(TreeMap<Long, List<CellPhoto>> m, CellPhoto p, Links links, boolean home) {
        long t = p.takenAt;
        Map.Entry<Long, List<CellPhoto>> e = m.floorEntry(t);
        if (e != null && e.getKey() >= t - window && !(home && links.homeLabels.contains(e.getValue().get(0).label))) {
            while (e != null && e.getKey() >= t - window && !linksOne(e.getValue(), p, links, home)) {
                e = m.lowerEntry(e.getKey());
            }
        }
        e = m.higherEntry(t);
        if (e != null && e.getKey() <= t + window && !(home && links.homeLabels.contains(e.getValue().get(0).label))) {
            while (e != null && e.getKey() <= t + window && !linksOne(e.getValue(), p, links, home)) {
                e = m.higherEntry(e.getKey());
            }
        }
    }

    /** Checks photos taken at one instant; records the first that links and returns true. */
    private boolean linksOne(List<CellPhoto> same, CellPhoto p, Links links, boolean home) {
        for (CellPhoto q : same) {
            checks++;
            if (rule.linked(p.takenAt, p.lat, p.lon, q.takenAt, q.lat, q.lon)) {
                if (home) {
                    links.homeLabels.add(q.label);
                } else {
                    links.halos.add(q);
                }
                return true;
            }
        }
        return false;
    }

    void add(CellPhoto p) {
        SubCell c = cells.computeIfAbsent(key(p), k -> new SubCell());
        (p.home ? c.home : c.halo).computeIfAbsent(p.takenAt, t -> new ArrayList<>(2)).add(p);
        byTime.computeIfAbsent(p.takenAt, t -> new ArrayList<>(2)).add(p);
        size++;
    }

    /** Removes and returns every photo taken at or before {@code takenAt}. */
    List<CellPhoto> evictUpTo(long takenAt) {
        List<CellPhoto> out = new ArrayList<>();
        for (Map.Entry<Long, List<CellPhoto>> e = byTime.firstEntry(); e != null && e.getKey() <= takenAt;
                e = byTime.firstEntry()) {
            byTime.pollFirstEntry();
            for (CellPhoto p : e.getValue()) {
                long k = key(p);
                SubCell c = cells.get(k);
                TreeMap<Long, List<CellPhoto>> m = p.home ? c.home : c.halo;
                List<CellPhoto> at = m.get(p.takenAt);
                at.remove(p);
                if (at.isEmpty()) {
                    m.remove(p.takenAt);
                }
                if (c.home.isEmpty() && c.halo.isEmpty()) {
                    cells.remove(k);
                }
                out.add(p);
            }
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
