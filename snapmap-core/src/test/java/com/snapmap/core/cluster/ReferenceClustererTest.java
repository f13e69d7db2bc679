package com.snapmap.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.Haversine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceClustererTest {

    private final LinkRule rule = LinkRule.defaults();

    /** O(n²) connected components: too slow for real use, obviously right. */
    static Map<String, String> bruteForce(List<Photo> photos, LinkRule rule) {
        UnionFind<String> uf = new UnionFind<>();
        for (Photo p : photos) {
            uf.add(p.photoId);
        }
        for (int i = 0; i < photos.size(); i++) {
            for (int j = i + 1; j < photos.size(); j++) {
                if (rule.linked(photos.get(i), photos.get(j))) {
                    uf.union(photos.get(i).photoId, photos.get(j).photoId);
                }
            }
        }
        Map<String, String> out = new HashMap<>();
        for (Photo p : photos) {
            out.put(p.photoId, uf.find(p.photoId));
        }
        return out;
    }

    @Test
    void equalsBruteForceOnRandomCities() {
        for (long seed = 1; seed <= 10; seed++) {
            List<Photo> photos = randomCity(new Random(seed), seed % 2 == 0 ? 45.76 : 78.2, seed % 3 == 0 ? 179.999 : 4.83);
            Clustering c = new ReferenceClusterer(rule).cluster(photos);
            assertThat(PartitionMetrics.differences(c.eventOfPhoto(), bruteForce(photos, rule)))
                    .as("seed %d", seed).isEmpty();
        }
    }

    /**
     * 1 500 photos within 800 m and 4 h of a centre (far north, or on the antimeridian, for some
     * seeds): 70 % in bursts a few tens of metres and minutes wide, so components form and chain,
     * the rest scattered.
     */
    private static List<Photo> randomCity(Random rnd, double lat, double lon) {
        long span = 4 * 3_600_000L;
        List<double[]> burstAt = new ArrayList<>();
        List<Long> burstTime = new ArrayList<>();
        for (int b = 0; b < 60; b++) {
            burstAt.add(Haversine.destination(lat, lon, 800 * Math.sqrt(rnd.nextDouble()), 360 * rnd.nextDouble()));
            burstTime.add((long) (span * rnd.nextDouble()));
        }
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            int b = rnd.nextInt(burstAt.size());
            boolean inBurst = rnd.nextDouble() < 0.7;
            double[] from = inBurst ? burstAt.get(b) : new double[] {lat, lon};
            double dist = inBurst ? 80 * rnd.nextDouble() : 800 * Math.sqrt(rnd.nextDouble());
            double[] at = Haversine.destination(from[0], from[1], dist, 360 * rnd.nextDouble());
            long t = inBurst ? burstTime.get(b) + (long) (600_000 * rnd.nextDouble()) : (long) (span * rnd.nextDouble());
            photos.add(new Photo("p" + i, t, at[0], at[1]));
        }
        return photos;
    }

    @Test
    void boundsAreInclusive() {
        double[] at50 = com.snapmap.core.geo.Haversine.destination(10, 10, 49.999, 90);
        double[] at51 = com.snapmap.core.geo.Haversine.destination(10, 10, 50.001, 90);
        List<Photo> photos = new ArrayList<>(List.of(
                new Photo("a", 0, 10, 10),
                new Photo("b", 300_000, at50[0], at50[1]), // inside R, exactly W later
                new Photo("c", 1_000_000, 10, 10),
                new Photo("d", 1_000_000, at51[0], at51[1]), // just outside R
                new Photo("e", 2_000_000, 10, 10),
                new Photo("f", 2_300_001, 10, 10))); // 1 ms past W
        Clustering c = new ReferenceClusterer(rule).cluster(photos);
        assertThat(c.eventOf("a")).isEqualTo(c.eventOf("b")).isEqualTo(EventIds.forFirstPhoto("a"));
        assertThat(c.eventOf("c")).isNotEqualTo(c.eventOf("d"));
        assertThat(c.eventOf("e")).isNotEqualTo(c.eventOf("f"));
        assertThat(c.events()).hasSize(5);
        assertThat(c.events().get(EventIds.forFirstPhoto("a")).count).isEqualTo(2);
    }

    @Test
    void aChainIsOneEvent() {
        List<Photo> chain = new ArrayList<>();
        double[] p = {45.0, 4.0};
        for (int i = 0; i < 500; i++) {
            chain.add(new Photo("m" + i, i * 60_000L, p[0], p[1]));
            p = com.snapmap.core.geo.Haversine.destination(p[0], p[1], 40, 30);
        }
        Clustering c = new ReferenceClusterer(rule).cluster(chain);
        assertThat(c.events()).hasSize(1);
        assertThat(c.events().values().iterator().next().count).isEqualTo(500);
    }
}
