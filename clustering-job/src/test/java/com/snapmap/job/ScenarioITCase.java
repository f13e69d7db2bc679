package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.geo.Geohash;
import com.snapmap.core.geo.Haversine;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.io.FileClusteringRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-built situations where a cell-based streaming clusterer could go wrong. */
class ScenarioITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.create();

    private static final long T0 = 1_714_521_600_000L;

    @TempDir
    Path tmp;

    private FileClusteringRun.Outcome streamAndCompare(List<Photo> arrival, ClusteringConfig config, int parallelism)
            throws Exception {
        FileClusteringRun.Outcome out = Streamed.run(arrival, parallelism, config, tmp.resolve("run" + System.nanoTime()));
        Clustering reference = new ReferenceClusterer(config.linkRule()).cluster(arrival);
        assertThat(PartitionMetrics.differences(out.result.eventOfPhoto(), reference.eventOfPhoto())).isEmpty();
        assertThat(out.result.eventOfPhoto()).isEqualTo(reference.eventOfPhoto());
        return out;
    }

    /** A crowd of photos around (lat, lon), 20 m and 2 min apart at most from its centre. */
    private static List<Photo> crowd(String prefix, double lat, double lon, long t, int n, long seed) {
        Random rnd = new Random(seed);
        List<Photo> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = Haversine.destination(lat, lon, rnd.nextDouble() * 20, rnd.nextDouble() * 360);
            out.add(new Photo(prefix + i, t + rnd.nextInt(120_000), p[0], p[1]));
        }
        return out;
    }

    @ParameterizedTest(name = "precision {0}")
    @ValueSource(ints = {5, 6, 7})
    void eventsOnCellEdgesAndCornersComeOutWhole(int precision) throws Exception {
        ClusteringConfig config = ClusteringConfig.builder().cellPrecision(precision).build();
        List<Photo> photos = new ArrayList<>();
        String cell = Geohash.encode(45.76, 4.83, precision);
        double[] b = Geohash.bbox(cell);
        double midLat = (b[0] + b[1]) / 2;
        double midLon = (b[2] + b[3]) / 2;
        double[][] spots = {
            {b[1], b[3]}, // NE corner: four cells meet
            {b[0], b[2]}, // SW corner
            {midLat, b[3]}, // east edge
            {b[1], midLon}, // north edge
        };
        for (int i = 0; i < spots.length; i++) {
            photos.addAll(crowd("edge" + i + "-", spots[i][0], spots[i][1], T0 + i * 3_600_000L, 60, i));
        }
        FileClusteringRun.Outcome out = streamAndCompare(photos, config, 4);
        assertThat(out.result.events()).hasSize(4);
    }

    @Test
    void eventAcrossTheAntimeridianIsOneEvent() throws Exception {
        List<Photo> photos = crowd("am-", -16.5, 179.99995, T0, 80, 1);
        photos.addAll(crowd("am2-", -16.5, -179.99995, T0, 80, 2));
        FileClusteringRun.Outcome out = streamAndCompare(photos, ClusteringConfig.defaults(), 2);
        assertThat(out.result.events()).hasSize(1);
        var doc = out.result.events().values().iterator().next();
        assertThat(doc.west).isGreaterThan(doc.east); // the bbox crosses 180°
        assertThat(doc.radiusMeters).isLessThan(100);
    }

    @Test
    void highLatitudesAndThePole() throws Exception {
        List<Photo> photos = new ArrayList<>();
        photos.addAll(crowd("svalbard-", 78.2232, 15.6267, T0, 80, 1)); // cells ~31 m wide
        photos.addAll(crowd("north-", 85.5, -40, T0, 50, 2));
        photos.addAll(crowd("pole-", 89.9999, 0, T0, 50, 3)); // straddles every meridian
        photos.addAll(crowd("cap-edge-", 87.99995, 120, T0, 50, 4)); // across the polar cap border
        FileClusteringRun.Outcome out = streamAndCompare(photos, ClusteringConfig.defaults(), 4);
        assertThat(out.result.events()).hasSize(4);
    }

    @Test
    void marathonChainStaysOneEvent() throws Exception {
        List<Photo> chain = new ArrayList<>();
        double[] p = {45.75, 4.85};
        for (int i = 0; i < 1_500; i++) { // 45 m and 1 minute apart: 67 km over 25 hours
            chain.add(new Photo("runner-" + i, T0 + i * 60_000L, p[0], p[1]));
            p = Haversine.destination(p[0], p[1], 45, 20 + (i % 40));
        }
        FileClusteringRun.Outcome out = streamAndCompare(chain, ClusteringConfig.defaults(), 4);
        assertThat(out.result.events()).hasSize(1);
        assertThat(out.result.events().values().iterator().next().photoCount).isEqualTo(1_500);
    }

    @Test
    void lateBridgeMergesTwoEventsWithTombstoneAndRelabel() throws Exception {
        // Two crowds 80 m apart (too far to link), then a photo between them arrives late.
        double[] west = {45.76, 4.83};
        double[] east = Haversine.destination(west[0], west[1], 80, 90);
        double[] mid = Haversine.destination(west[0], west[1], 40, 90);
        List<Photo> arrival = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            arrival.add(new Photo("w" + i, T0 + i * 1_000L, west[0], west[1]));
            arrival.add(new Photo("e" + i, T0 + 500 + i * 1_000L, east[0], east[1]));
        }
        // Later photos push the watermark far past the crowds before the bridge shows up.
        for (int i = 0; i < 10; i++) {
            arrival.add(new Photo("later" + i, T0 + 20 * 60_000L + i * 60_000L, 45.8, 4.9));
        }
        arrival.add(new Photo("bridge", T0 + 15_000L, mid[0], mid[1]));
        FileClusteringRun.Outcome out = streamAndCompare(arrival, ClusteringConfig.defaults(), 2);

        String survivor = EventIds.forFirstPhoto("w0"); // w0 is the earliest photo of both crowds
        String merged = EventIds.forFirstPhoto("e0");
        assertThat(out.result.tombstones()).containsExactly(java.util.Map.entry(merged, survivor));
        assertThat(out.result.resolve(merged)).isEqualTo(survivor);
        for (int i = 0; i < 30; i++) {
            assertThat(out.result.eventOfPhoto().get("e" + i)).isEqualTo(survivor);
        }
        assertThat(out.result.events().get(survivor).photoCount).isEqualTo(61);
        assertThat(out.result.events()).doesNotContainKey(merged);
    }

    @Test
    void boundsAreInclusive() throws Exception {
        double[] in = Haversine.destination(30, 30, 49.99, 45);
        double[] outR = Haversine.destination(30, 31, 50.01, 45);
        List<Photo> photos = List.of(
                new Photo("a", T0, 30, 30), new Photo("b", T0 + 300_000L, in[0], in[1]), // inside both
                new Photo("c", T0, 30, 31), new Photo("d", T0, outR[0], outR[1]), // 1 cm too far
                new Photo("e", T0, 30, 32), new Photo("f", T0 + 300_001L, 30, 32)); // 1 ms too late
        FileClusteringRun.Outcome out = streamAndCompare(photos, ClusteringConfig.defaults(), 2);
        var ev = out.result.eventOfPhoto();
        assertThat(ev.get("a")).isEqualTo(ev.get("b"));
        assertThat(ev.get("c")).isNotEqualTo(ev.get("d"));
        assertThat(ev.get("e")).isNotEqualTo(ev.get("f"));
    }

    @Test
    void aStadiumOf20000PhotosWithin30MetresOnARegionCornerIsOneEvent() throws Exception {
        // Centred on the corner of four regions: one event made of four parts, through the border merge.
        double[] corner = regionCorner(48.8584, 2.2945, ClusteringConfig.defaults().cellPrecision());
        Random rnd = new Random(5);
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double[] p = Haversine.destination(corner[0], corner[1], rnd.nextDouble() * 30, rnd.nextDouble() * 360);
            photos.add(new Photo("stadium-" + i, T0 + rnd.nextInt(3_600_000), p[0], p[1]));
        }
        photos.sort((x, y) -> Long.compare(x.takenAt, y.takenAt));
        FileClusteringRun.Outcome out = streamAndCompare(photos, ClusteringConfig.defaults(), 4);
        assertThat(out.result.events()).hasSize(1);
        assertThat(out.result.events().values().iterator().next().photoCount).isEqualTo(20_000);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void eventsAcrossRegionBordersComeOutWholeWithTheReferenceIds(int parallelism) throws Exception {
        double[] corner = regionCorner(45.7640, 4.8357, ClusteringConfig.defaults().cellPrecision());
        // One crowd straddling a border, one on a corner, and a chain across several regions.
        List<Photo> photos = new ArrayList<>(crowd("edge-", corner[0], corner[1] + 0.0005, T0, 80, 11));
        photos.addAll(crowd("corner-", corner[0], corner[1], T0 + 3_600_000, 80, 12));
        // 2.4 km north-east across several regions
        photos.addAll(chain(new double[] {corner[0] - 0.002, corner[1] - 0.002}, T0 + 7_200_000, 60));
        FileClusteringRun.Outcome out = streamAndCompare(shuffled(photos, parallelism), ClusteringConfig.defaults(),
                parallelism);
        assertThat(out.result.events()).hasSize(3);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void eventsAcrossEachTierOfTheBorderMergeComeOutWholeWithTheReferenceIds(int parallelism) throws Exception {
        double[] g5 = com.snapmap.core.geo.Geohash.bbox(com.snapmap.core.geo.Geohash.encode(45.7640, 4.8357, 5));
        double[] g3 = regionCorner(45.7640, 4.8357, 3);
        // The middle of a 5-character cell is a corner of four of its regions: tier 0 only.
        List<Photo> photos = new ArrayList<>(crowd("inside-", (g5[0] + g5[1]) / 2, (g5[2] + g5[3]) / 2, T0, 80, 21));
        // The corner of four 5-character cells inside one 3-character cell: tier 1.
        photos.addAll(crowd("g5-corner-", g5[0], g5[2], T0 + 3_600_000, 80, 22));
        // The corner of four 3-character cells: the root.
        photos.addAll(crowd("g3-corner-", g3[0], g3[1], T0 + 7_200_000, 80, 23));
        // A chain 40 m and 30 s apart, 8 km north-east through that corner: regions, 5-character
        // cells and 3-character cells, so parts meet on every tier and go up one after the other.
        photos.addAll(chain(Haversine.destination(g3[0], g3[1], 4_000, 225), T0 + 10_800_000, 200));
        FileClusteringRun.Outcome out = streamAndCompare(shuffled(photos, parallelism), ClusteringConfig.defaults(),
                parallelism);
        assertThat(out.result.events()).hasSize(4);
        for (int tier = 0; tier < BorderTiers.COUNT; tier++) {
            assertThat(out.job.<Long>getAccumulatorResult(BorderMerge.factsAccumulator(tier))).as("tier %d", tier)
                    .isPositive();
        }
    }

    /** {@code n} photos 40 m and 30 s apart, heading north-east from {@code start}: one event. */
    private static List<Photo> chain(double[] start, long t, int n) {
        List<Photo> out = new ArrayList<>();
        double[] p = start;
        for (int i = 0; i < n; i++) {
            out.add(new Photo("chain-" + i, t + i * 30_000L, p[0], p[1]));
            p = Haversine.destination(p[0], p[1], 40, 45);
        }
        return out;
    }

    /** In time order, then shuffled within 10 minutes across {@code parallelism} sources. */
    private static List<Photo> shuffled(List<Photo> photos, int parallelism) {
        photos.sort((x, y) -> Long.compare(x.takenAt, y.takenAt));
        return com.snapmap.testdata.CityStreamGenerator.shuffleWithin(photos, 10 * 60_000L, parallelism);
    }

    /** The south-west corner of the geohash cell of the given precision that holds (lat, lon). */
    private static double[] regionCorner(double lat, double lon, int precision) {
        double[] b = com.snapmap.core.geo.Geohash.bbox(com.snapmap.core.geo.Geohash.encode(lat, lon, precision));
        return new double[] {b[0], b[2]};
    }

    @Test
    void theSameUploadEventTwiceIsClusteredOnce() throws Exception {
        UploadEventCodec codec = new UploadEventCodec();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.add(codec.toJson(new UploadEvent("dup" + i, T0 + i * 1_000L, 40.0, -3.7, null)));
        }
        lines.add(codec.toJson(new UploadEvent("dup3", T0 + 3_000L, 40.0, -3.7, null))); // gateway retry
        lines.add(codec.toJson(new UploadEvent("dup7", T0 + 7_000L, 40.0, -3.7, null))); // sweeper re-drive
        FileClusteringRun.Outcome out = Streamed.runLines(lines, 2, ClusteringConfig.defaults(), tmp.resolve("dup"));
        assertThat(out.result.eventOfPhoto()).hasSize(20);
        assertThat(out.result.events()).hasSize(1);
        assertThat(out.result.events().values().iterator().next().photoCount).isEqualTo(20);
        assertThat(out.photoWrites).isEqualTo(20); // one write per photo, none for the duplicates
    }

    @Test
    void photosLaterThanTheLatenessLeaveTheHotPathForTheColdPath() throws Exception {
        ClusteringConfig config = ClusteringConfig.builder().allowedLateness(Duration.ofMinutes(10)).build();
        List<Photo> arrival = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            arrival.add(new Photo("now" + i, T0 + i * 60_000L, 1, 1));
        }
        arrival.add(new Photo("ancient", T0, 1, 1)); // 29 minutes behind: beyond the 10 min lateness
        FileClusteringRun.Outcome out = Streamed.run(arrival, 2, config, tmp.resolve("late"));
        assertThat(out.tooLate).extracting(e -> e.photoId).containsExactly("ancient");
        assertThat(out.result.eventOfPhoto()).doesNotContainKey("ancient").hasSize(30);
    }
}
