package com.snapmap.bench;

import com.snapmap.core.Photo;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.geo.Haversine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One benchmark load: photos in arrival order (a photo delivered twice appears twice), the same
 * list both the streaming graph and the naive worker are fed.
 */
public final class Load {

    public final String name;
    public final List<Photo> arrivals;

    private Load(String name, List<Photo> arrivals) {
        this.name = name;
        this.arrivals = List.copyOf(arrivals);
    }

    /** Distinct photos (first delivery of each). */
    public List<Photo> distinct() {
        java.util.Map<String, Photo> byId = new java.util.LinkedHashMap<>();
        arrivals.forEach(p -> byId.putIfAbsent(p.photoId, p));
        return new ArrayList<>(byId.values());
    }

    /** The first {@code n} arrivals, a load of its own (for the slower peers). */
    public Load prefix(int n) {
        return new Load(name, arrivals.subList(0, Math.min(n, arrivals.size())));
    }

    /**
     * A city evening: 60 % of photos in events, the rest scattered noise; 20 % of photos
     * delivered up to 15 min late, the rest within 30 s.
     */
    public static Load city(int n, long seed) {
        List<Photo> photos = CityStreamGenerator.lyon().generate(seed, n, 0.6, "c");
        return new Load("city", arrive(photos, seed, 0.2, 15 * 60_000L, 30_000L));
    }

    /** A stadium: {@code n} photos within 30 m of one point, spread over one hour. */
    public static Load stadium(int n, long seed) {
        Random rnd = new Random(seed);
        long t0 = 1_714_586_400_000L;
        List<Photo> photos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // sqrt: uniform over the disc, not crowded at its centre
            double[] p = Haversine.destination(45.7238, 4.8322, 30 * Math.sqrt(rnd.nextDouble()), rnd.nextDouble() * 360);
            photos.add(new Photo("s" + i, t0 + (long) (rnd.nextDouble() * 3_600_000L) / 1000 * 1000, p[0], p[1]));
        }
        photos.sort(Comparator.comparingLong((Photo p) -> p.takenAt).thenComparing(p -> p.photoId));
        return new Load("stadium", arrive(photos, seed, 0, 0, 30_000L));
    }

    /**
     * Late arrivals: a city where a quarter of the photos arrive 2 to 6 hours late (past the job's
     * lateness: the cold path's in production) and 5 % are delivered a second time.
     */
    public static Load lateMix(int n, long seed) {
        List<Photo> photos = CityStreamGenerator.lyon().generate(seed + 1, n, 0.6, "l");
        Random rnd = new Random(seed);
        List<long[]> keys = new ArrayList<>();
        List<Photo> all = new ArrayList<>();
        for (Photo p : photos) {
            long delay = rnd.nextDouble() < 0.25 ? 2 * 3_600_000L + (long) (rnd.nextDouble() * 4 * 3_600_000L)
                    : (long) (rnd.nextDouble() * 30_000L);
            keys.add(new long[] {p.takenAt + delay, all.size()});
            all.add(p);
            if (rnd.nextDouble() < 0.05) {
                keys.add(new long[] {p.takenAt + delay + (long) (rnd.nextDouble() * 600_000L), all.size()});
                all.add(p);
            }
        }
        return new Load("late-mix", order(all, keys));
    }

    /** Delivery delays: a share {@code lateShare} up to {@code lateMs}, the others up to {@code jitterMs}. */
    static List<Photo> arrive(List<Photo> photos, long seed, double lateShare, long lateMs, long jitterMs) {
        Random rnd = new Random(seed ^ 0x5eed);
        List<long[]> keys = new ArrayList<>(photos.size());
        for (int i = 0; i < photos.size(); i++) {
            long delay = (long) (rnd.nextDouble() * (rnd.nextDouble() < lateShare ? lateMs : jitterMs));
            keys.add(new long[] {photos.get(i).takenAt + delay, i});
        }
        return order(photos, keys);
    }

    private static List<Photo> order(List<Photo> photos, List<long[]> keys) {
        keys.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<Photo> out = new ArrayList<>(keys.size());
        for (long[] k : keys) {
            out.add(photos.get((int) k[1]));
        }
        return out;
    }
}
