package com.snapmap.testdata;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic upload streams for tests and benchmarks: a city with events (crowds of photos a few
 * tens of metres and minutes apart) on top of a background of scattered photos. Deterministic for
 * a seed.
 */
public final class CityStreamGenerator {

    private final double centerLat;
    private final double centerLon;
    private final double cityRadiusM;
    private final long startMillis;
    private final long spanMillis;

    public CityStreamGenerator(double centerLat, double centerLon, double cityRadiusM, long startMillis, long spanMillis) {
        this.centerLat = centerLat;
        this.centerLon = centerLon;
        this.cityRadiusM = cityRadiusM;
        this.startMillis = startMillis;
        this.spanMillis = spanMillis;
    }

    /** Lyon, one day of 2024. */
    public static CityStreamGenerator lyon() {
        return new CityStreamGenerator(45.76, 4.835, 6_000, 1_714_521_600_000L, 24 * 3_600_000L);
    }

    /**
     * {@code n} photos, {@code eventShare} of them in events of 5 to 200 photos, sorted by
     * takenAt. Ids are {@code prefix + index}.
     */
    public List<Photo> generate(long seed, int n, double eventShare, String prefix) {
        Random rnd = new Random(seed);
        List<Photo> out = new ArrayList<>(n);
        int inEvents = (int) Math.round(n * eventShare);
        int i = 0;
        while (i < inEvents) {
            int size = Math.min(inEvents - i, 5 + rnd.nextInt(196));
            double[] c = Haversine.destination(centerLat, centerLon, cityRadiusM * Math.sqrt(rnd.nextDouble()), rnd.nextDouble() * 360);
            long t0 = startMillis + (long) (rnd.nextDouble() * spanMillis);
            double spreadM = 10 + rnd.nextDouble() * 60;
            long durationMs = 60_000L + (long) (rnd.nextDouble() * 90 * 60_000L);
            for (int k = 0; k < size; k++, i++) {
                double[] p = Haversine.destination(c[0], c[1], Math.abs(rnd.nextGaussian()) * spreadM, rnd.nextDouble() * 360);
                long t = t0 + (long) (rnd.nextDouble() * durationMs);
                out.add(new Photo(prefix + i, t / 1000 * 1000, p[0], p[1]));
            }
        }
        for (; i < n; i++) {
            double[] p = Haversine.destination(centerLat, centerLon, cityRadiusM * Math.sqrt(rnd.nextDouble()), rnd.nextDouble() * 360);
            long t = startMillis + (long) (rnd.nextDouble() * spanMillis);
            out.add(new Photo(prefix + i, t / 1000 * 1000, p[0], p[1]));
        }
        out.sort((a, b) -> Photo.compareByTimeThenId(a.takenAt, a.photoId, b.takenAt, b.photoId));
        return out;
    }

    /**
     * Shuffles arrival order within {@code maxDelayMillis}: each photo is delayed by a random
     * amount up to that bound, then the stream is sorted by arrival.
     */
    public static List<Photo> shuffleWithin(List<Photo> sorted, long maxDelayMillis, long seed) {
        Random rnd = new Random(seed);
        List<long[]> keys = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            long arrival = sorted.get(i).takenAt + (long) (rnd.nextDouble() * maxDelayMillis);
            keys.add(new long[] {arrival, i});
        }
        keys.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<Photo> out = new ArrayList<>(sorted.size());
        for (long[] k : keys) {
            out.add(sorted.get((int) k[1]));
        }
        return out;
    }
}
