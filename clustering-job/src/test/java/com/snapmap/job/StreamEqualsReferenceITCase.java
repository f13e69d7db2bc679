package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.io.StateBackendKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The property the design leans on: the streamed partition equals the offline rule's, whatever
 * the parallelism and arrival order, and on-time data gets the same event ids at any parallelism.
 */
class StreamEqualsReferenceITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.create();

    private static final ClusteringConfig CONFIG = ClusteringConfig.builder()
            .allowedLateness(Duration.ofMinutes(30))
            .outOfOrderness(Duration.ofSeconds(30))
            .build();

    @TempDir
    Path tmp;

    /** Cities of 2 000 photos: Lyon, high Arctic, and astride the antimeridian. */
    private static List<Photo> city(long seed) {
        double lat = seed % 3 == 0 ? 78.22 : seed % 3 == 1 ? 45.76 : -17.8;
        double lon = seed % 3 == 2 ? 179.995 : 4.83;
        return new CityStreamGenerator(lat, lon, 1_500, 1_714_521_600_000L, 6 * 3_600_000L)
                .generate(seed, 2_000, 0.7, "s" + seed + "-");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void onTimeStreamEqualsReferenceAtParallelism124WithIdenticalIds(long seed) throws Exception {
        List<Photo> photos = city(seed);
        Clustering reference = new ReferenceClusterer(CONFIG.linkRule()).cluster(photos);
        Map<String, String> idsAtP1 = null;
        for (int p : new int[] {1, 2, 4}) {
            FileClusteringRun.Outcome out = Streamed.run(photos, p, CONFIG, tmp.resolve("p" + p));
            Map<String, String> streamed = out.result.eventOfPhoto();
            assertThat(PartitionMetrics.differences(streamed, reference.eventOfPhoto()))
                    .as("seed %d parallelism %d", seed, p).isEmpty();
            // Event ids: named after the first photo, so equal to the reference's too.
            assertThat(streamed).as("ids at parallelism %d", p).isEqualTo(reference.eventOfPhoto());
            assertThat(out.result.events().keySet()).isEqualTo(reference.events().keySet());
            out.result.events().forEach((id, doc) -> {
                assertThat(doc.photoCount).isEqualTo(reference.events().get(id).count);
                assertThat(doc.status).isEqualTo("closed");
            });
            if (idsAtP1 == null) {
                idsAtP1 = streamed;
            } else {
                assertThat(streamed).isEqualTo(idsAtP1);
            }
            assertThat(out.badRecords).isEmpty();
            assertThat(out.tooLate).isEmpty();
        }
    }

    /**
     * On RocksDB the registry and the labeler keep state in memory and write it back before each
     * checkpoint barrier: with a checkpoint every 20 ms, many write-backs happen mid-stream.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7})
    void onRocksDbWithFrequentCheckpointsStreamEqualsReference(long seed, @InjectMiniCluster MiniCluster cluster)
            throws Exception {
        // 60 000 photos: a few seconds of RocksDB work, through dozens of barriers.
        List<Photo> photos = new CityStreamGenerator(45.76, 4.83, 1_500, 1_714_521_600_000L, 6 * 3_600_000L)
                .generate(seed, 60_000, 0.7, "r" + seed + "-");
        Clustering reference = new ReferenceClusterer(CONFIG.linkRule()).cluster(photos);
        Configuration conf = StateBackendKind.ROCKSDB.applyTo(new Configuration());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(20));
        FileClusteringRun.Outcome out = Streamed.run(photos, conf, 2, CONFIG, tmp.resolve("rocksdb"));
        long checkpoints = cluster.getArchivedExecutionGraph(out.job.getJobID()).get()
                .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
        assertThat(checkpoints).isGreaterThan(3);
        assertThat(out.result.eventOfPhoto()).isEqualTo(reference.eventOfPhoto());
        out.result.events().forEach((id, doc) -> {
            assertThat(doc.photoCount).isEqualTo(reference.events().get(id).count);
            assertThat(doc.status).isEqualTo("closed");
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13})
    void shuffledWithinLatenessStillEqualsReference(long seed) throws Exception {
        List<Photo> photos = city(seed);
        Clustering reference = new ReferenceClusterer(CONFIG.linkRule()).cluster(photos);
        // Up to 20 minutes late: far past the 30 s out-of-orderness, inside the 30 min lateness.
        List<Photo> shuffled = CityStreamGenerator.shuffleWithin(photos, 20 * 60_000L, seed);
        for (int p : new int[] {1, 4}) {
            FileClusteringRun.Outcome out = Streamed.run(shuffled, p, CONFIG, tmp.resolve("p" + p));
            assertThat(out.tooLate).isEmpty();
            assertThat(PartitionMetrics.differences(out.result.eventOfPhoto(), reference.eventOfPhoto()))
                    .as("seed %d parallelism %d", seed, p).isEmpty();
            // Ids follow the first photo, so they survive reordering as well.
            assertThat(out.result.eventOfPhoto()).isEqualTo(reference.eventOfPhoto());
            // Every id a client may have seen for a photo, provisional ones included, still
            // leads to its final event through tombstones.
            Map<String, String> finalIds = out.result.eventOfPhoto();
            out.result.idsEverWritten().forEach((photo, ids) -> assertThat(ids)
                    .allSatisfy(id -> assertThat(out.result.resolve(id)).as("%s of photo %s", id, photo)
                            .isEqualTo(finalIds.get(photo))));
            java.util.Set<String> renamed = new java.util.HashSet<>();
            out.result.idsEverWritten().values().forEach(renamed::addAll);
            renamed.removeAll(finalIds.values());
            System.err.printf("seed %d p %d: %d provisional ids later renamed over %d photos (%.1f per 1 000)%n",
                    seed, p, renamed.size(), photos.size(), 1000.0 * renamed.size() / photos.size());
        }
    }
}
