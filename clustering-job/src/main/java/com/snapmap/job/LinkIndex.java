package com.snapmap.job;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongObjectHashMap;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.geo.Haversine;
import com.snapmap.job.model.CellPhoto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cell linker's spatial index of one region's recent photos (plain Java, no Flink): bounded
 * work per photo however crowded the region is. It is some 300 lines because the index, its
 * projection and its eviction share one map of sub-cells and its invariants; apart, each would
 * have to re-establish them.
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
 *
 * <p>Sub-cells sit in a primitive long-keyed map (a look-up reads the key array, no boxed key to
 * chase: the boxed map's key comparisons were a sixth of the linker's time). Eviction visits only
 * the sub-cells that received photos in the time buckets it clears, not every sub-cell of the
 * region at every clean-up step (which was about a quarter of the linker's time).
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

    /** Eviction buckets of takenAt: the clean-up grid, so one clean-up clears whole buckets. */
    private static final long BUCKET_MS = ClusteringConfig.SWEEP_GRANULARITY_MS;

    private static final class SubCell {
        final long key;
        final TimeOrderedPhotos home = new TimeOrderedPhotos();
        final TimeOrderedPhotos halo = new TimeOrderedPhotos();
        /** The eviction bucket list this sub-cell was last put on (each list holds it once). */
        List<SubCell> lastBucket;

        SubCell(long key) {
            this.key = key;
        }

        boolean isEmpty() {
            return home.isEmpty() && halo.isEmpty();
        }
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
    private final LongObjectHashMap<SubCell> cells = new LongObjectHashMap<>();
    /** Per bucket of takenAt, the sub-cells that received a photo of it (a sub-cell once per list). */
    private final TreeMap<Long, List<SubCell>> buckets = new TreeMap<>();
    /** The list of {@link #buckets} the last photo went to (null once evicted), and its bucket. */
    private List<SubCell> lastAdded;
    private long lastAddedBucket;
    /** The ids of the indexed photos: de-duplication without a state read per photo. */
    private final Set<String> ids = new HashSet<>();
    private int size;
    /**
     * The clean-up timers pending for this region: re-registering one is a no-op, but not free,
     * and photos arriving out of order alternate between two of them.
     */
    final LongHashSet timers = new LongHashSet();
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

    /**
     * The label of home photo {@code e} (an erasure carries the photo's id, time and position), or
     * null when the index does not hold it. Looks in the photo's sub-cell and those around it, at
     * its instant only.
     */
    String labelOf(CellPhoto e) {
        if (!ids.contains(e.photoId)) {
            return null;
        }
        long ix = (long) Math.floor(x(e.lat, e.lon) / side);
        long iy = (long) Math.floor(y(e.lat, e.lon) / side);
        for (long dx = -1; dx <= 1; dx++) {
            for (long dy = -1; dy <= 1; dy++) {
                SubCell c = cells.get(key(ix + dx, iy + dy));
                if (c == null) {
                    continue;
                }
                TimeOrderedPhotos g = c.home;
                for (int i = g.upperBound(e.takenAt) - 1; i >= g.start() && g.time(i) == e.takenAt; i--) {
                    if (g.photo(i).photoId.equals(e.photoId)) {
                        return g.photo(i).label;
                    }
                }
            }
        }
        return null;
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
        if (g.time(g.end() - 1) < t - window || g.time(g.start()) > t + window) {
            return; // most sub-cells near a photo hold only older photos: no search for those
        }
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
        long k = key(p);
        SubCell c = cells.get(k);
        if (c == null) {
            c = new SubCell(k);
            cells.put(k, c);
        }
        (p.home ? c.home : c.halo).add(p);
        // A list evicted whole is dropped, so a photo of its bucket arriving later gets a new one.
        long bucket = Math.floorDiv(p.takenAt, BUCKET_MS);
        if (lastAdded == null || bucket != lastAddedBucket) { // most photos go to the bucket of the one before
            lastAdded = buckets.computeIfAbsent(bucket, b -> new ArrayList<>());
            lastAddedBucket = bucket;
        }
        List<SubCell> due = lastAdded;
        if (c.lastBucket != due) {
            due.add(c);
            c.lastBucket = due;
        }
        ids.add(p.photoId);
        size++;
    }

    /**
     * Removes and returns every photo taken at or before {@code takenAt}. Visits the sub-cells of
     * the buckets that start at or before it; a bucket it clears only in part stays for the next
     * call (a sub-cell is then visited twice for it).
     */
    List<CellPhoto> evictUpTo(long takenAt) {
        List<CellPhoto> out = new ArrayList<>();
        Map.Entry<Long, List<SubCell>> e;
        while ((e = buckets.firstEntry()) != null && e.getKey() <= Math.floorDiv(takenAt, BUCKET_MS)) {
            for (SubCell c : e.getValue()) {
                c.home.evictUpTo(takenAt, out);
                c.halo.evictUpTo(takenAt, out);
                if (c.isEmpty() && cells.get(c.key) == c) {
                    cells.remove(c.key);
                }
            }
            if (takenAt - e.getKey() * BUCKET_MS < BUCKET_MS - 1) {
                break; // the bucket ends after takenAt: it keeps its later photos, and no bucket after it starts in time
            }
            if (buckets.pollFirstEntry().getValue() == lastAdded) {
                lastAdded = null;
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

    /** One key per sub-cell: the packed (ix, iy) (the map mixes the bits of its keys itself). */
    private static long key(long ix, long iy) {
        return (ix << 32) ^ (iy & 0xffffffffL);
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
