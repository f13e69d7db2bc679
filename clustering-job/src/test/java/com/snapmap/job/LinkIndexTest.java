package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.cluster.UnionFind;
import com.snapmap.core.geo.CellCover;
import com.snapmap.core.geo.Haversine;
import com.snapmap.job.model.CellPhoto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkIndexTest {

    private final LinkRule rule = LinkRule.defaults();

    /** Links photos one by one as the cell linker does; returns photoId → cluster (label root). */
    private static Map<String, String> linkAll(LinkIndex index, List<CellPhoto> arrival) {
        UnionFind<String> clusters = new UnionFind<>();
        for (CellPhoto p : arrival) {
            LinkIndex.Links links = index.find(p);
            p.label = links.homeLabels.isEmpty() ? "L-" + p.photoId : links.homeLabels.first();
            clusters.add(p.label);
            for (String other : links.homeLabels) {
                clusters.union(p.label, other);
            }
            index.add(p);
        }
        Map<String, String> out = new HashMap<>();
        for (CellPhoto p : arrival) {
            out.put(p.photoId, clusters.find(p.label));
        }
        return out;
    }

    @ParameterizedTest(name = "around {0},{1}")
    @CsvSource({"45.76,4.83", "0.0001,179.9999", "78.22,15.6", "89.99,10"})
    void unionsOfTheReportedLinksGiveTheReferencePartitionInAnyArrivalOrder(double lat, double lon) {
        String region = new CellCover(6, rule.radiusMeters()).homeCell(lat, lon);
        Random rnd = new Random(7);
        List<CellPhoto> photos = new ArrayList<>();
        List<Photo> plain = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            double[] at = Haversine.destination(lat, lon, rnd.nextDouble() * 200, rnd.nextDouble() * 360);
            long t = rnd.nextInt(3_600_000);
            photos.add(new CellPhoto(region, true, "p" + i, t, at[0], at[1]));
            plain.add(new Photo("p" + i, t, at[0], at[1]));
        }
        Collections.shuffle(photos, rnd);
        Map<String, String> linked = linkAll(new LinkIndex(region, rule), photos);
        Map<String, String> reference = new ReferenceClusterer(rule).cluster(plain).eventOfPhoto();
        assertThat(PartitionMetrics.differences(linked, reference)).isEmpty();
    }

    @Test
    void aCrowdCostsPerPhotoWhatAQuietStreetDoes() {
        LinkIndex index = new LinkIndex("u05kmed", rule);
        Random rnd = new Random(3);
        List<CellPhoto> crowd = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) { // a stadium: 20 000 photos within 30 m in an hour
            double[] at = Haversine.destination(45.7675, 4.8160, rnd.nextDouble() * 30, rnd.nextDouble() * 360);
            crowd.add(new CellPhoto("u05kmed", true, "p" + i, i * 180L, at[0], at[1]));
        }
        linkAll(index, crowd);
        // A scan of every recent photo would make ~33 M checks; one link per group and sub-cell
        // keeps it to a few dozen per photo.
        assertThat(index.checks()).isLessThan(20_000L * 60);
    }

    @Test
    void evictsByTakenAtAndReportsWhatWent() {
        LinkIndex index = new LinkIndex("u05kmed", rule);
        CellPhoto a = new CellPhoto("u05kmed", true, "a", 1_000, 45.7675, 4.816);
        CellPhoto b = new CellPhoto("u05kmed", false, "b", 2_000, 45.7675, 4.816);
        a.label = "A";
        index.add(a);
        index.add(b);
        assertThat(index.evictUpTo(1_000)).extracting(p -> p.photoId).containsExactly("a");
        assertThat(index.size()).isEqualTo(1);
        CellPhoto c = new CellPhoto("u05kmed", true, "c", 2_500, 45.7675, 4.816);
        LinkIndex.Links links = index.find(c);
        assertThat(links.homeLabels).isEmpty();
        assertThat(links.halos).extracting(p -> p.photoId).containsExactly("b");
    }

    @Test
    void evictionReachesEveryPhotoUpToItsTimeAcrossBucketsPartClearedBucketsAndLatePhotos() {
        LinkIndex index = new LinkIndex("u05kmed", rule);
        long bucket = ClusteringConfig.SWEEP_GRANULARITY_MS;
        Random rnd = new Random(5);
        List<CellPhoto> all = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) { // spread over sub-cells and six buckets, out of time order
            double[] at = Haversine.destination(45.7675, 4.8160, rnd.nextDouble() * 400, rnd.nextDouble() * 360);
            CellPhoto p = new CellPhoto("u05kmed", rnd.nextInt(4) > 0, "p" + i, rnd.nextLong(6 * bucket), at[0], at[1]);
            p.label = "L" + i;
            all.add(p);
            index.add(p);
        }
        long[] upTo = {bucket / 2, bucket - 1, 3 * bucket + 7, 4 * bucket - 1};
        int gone = 0;
        for (long t : upTo) {
            List<CellPhoto> out = index.evictUpTo(t);
            assertThat(out).allSatisfy(p -> assertThat(p.takenAt).isLessThanOrEqualTo(t));
            gone += out.size();
            long left = all.stream().filter(p -> p.takenAt > t).count();
            assertThat(index.size()).isEqualTo(left).isEqualTo(all.size() - gone);
        }
        // A photo of a bucket already cleared (a straggler the router let through) still leaves.
        CellPhoto late = new CellPhoto("u05kmed", true, "late", bucket, 45.7675, 4.816);
        index.add(late);
        List<CellPhoto> next = index.evictUpTo(4 * bucket);
        assertThat(next).extracting(p -> p.photoId).contains("late");
        gone += next.size() - 1;
        assertThat(index.evictUpTo(Long.MAX_VALUE)).hasSize(all.size() - gone);
        assertThat(index.size()).isZero();
        assertThat(index.find(late).homeLabels).isEmpty();
    }

    @Test
    void anErasureFindsTheLabelOfAHomePhotoItHoldsAndNothingElse() {
        String region = new CellCover(6, rule.radiusMeters()).homeCell(45.76, 4.83);
        LinkIndex index = new LinkIndex(region, rule);
        List<CellPhoto> photos = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double[] at = Haversine.destination(45.76, 4.83, i * 7.0, 45);
            photos.add(new CellPhoto(region, true, "p" + i, 1_000 + (i % 3), at[0], at[1]));
        }
        photos.add(new CellPhoto(region, false, "other", 2, "halo", 1_001, 45.76, 4.83));
        linkAll(index, photos);
        for (CellPhoto p : photos.subList(0, 40)) {
            assertThat(index.labelOf(CellPhoto.erasure(region, p.photoId, p.takenAt, p.lat, p.lon))).isEqualTo(p.label);
        }
        assertThat(index.labelOf(CellPhoto.erasure(region, "halo", 1_001, 45.76, 4.83))).isNull();
        assertThat(index.labelOf(CellPhoto.erasure(region, "p1", 1_002, photos.get(1).lat, photos.get(1).lon)))
                .as("another time: not that photo").isNull();
        assertThat(index.labelOf(CellPhoto.erasure(region, "unknown", 1_000, 45.76, 4.83))).isNull();
    }
}
