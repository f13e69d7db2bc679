package com.snapmap.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.gen.CityStreamGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
            CityStreamGenerator city = new CityStreamGenerator(
                    seed % 2 == 0 ? 45.76 : 78.2, seed % 3 == 0 ? 179.999 : 4.83, 800, 0, 4 * 3_600_000L);
            List<Photo> photos = city.generate(seed, 1500, 0.7, "p");
            Clustering c = new ReferenceClusterer(rule).cluster(photos);
            assertThat(PartitionMetrics.differences(c.eventOfPhoto(), bruteForce(photos, rule)))
                    .as("seed %d", seed).isEmpty();
        }
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
