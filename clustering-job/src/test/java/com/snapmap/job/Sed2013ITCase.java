package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.job.io.FileClusteringRun;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data: the geotagged photos of the MediaEval 2013 SED subset (test resources, datasets/sed2013),
 * timestamps as given (camera defaults included). The stream must equal the offline rule; the
 * scores against the human ground truth are printed for information.
 */
class Sed2013ITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.create();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    Path tmp;

    /** A dataset from this module's test resources (see datasets/README.md): never from outside the repository. */
    static Path dataset(String relative) throws URISyntaxException {
        URL url = Sed2013ITCase.class.getResource("/datasets/" + relative);
        if (url == null) {
            throw new IllegalStateException("test resource /datasets/" + relative + " missing");
        }
        return Paths.get(url.toURI());
    }

    @Test
    void streamEqualsReferenceOnSedAndScoresAgainstGroundTruth() throws Exception {
        List<Photo> photos = new ArrayList<>();
        Map<String, String> truth = new HashMap<>();
        for (String line : Files.readAllLines(dataset("sed2013/sed2013_partial.csv"), StandardCharsets.UTF_8)) {
            String[] f = line.split(",", -1);
            if (f[0].equals("photo_id") || f[4].isEmpty()) {
                continue; // header, or no GPS
            }
            long takenAt = LocalDateTime.parse(f[2], TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            photos.add(new Photo(f[0], takenAt, Double.parseDouble(f[4]), Double.parseDouble(f[5])));
            truth.put(f[0], f[6]);
        }
        assertThat(photos).hasSize(824);
        photos.sort((a, b) -> Photo.compareByTimeThenId(a.takenAt, a.photoId, b.takenAt, b.photoId));

        ClusteringConfig strict = ClusteringConfig.defaults();
        ClusteringConfig wide = ClusteringConfig.builder()
                .radiusMeters(1_000).window(Duration.ofHours(3)).allowedLateness(Duration.ofHours(3))
                .cellPrecision(5).build();
        for (ClusteringConfig config : List.of(strict, wide)) {
            Clustering reference = new ReferenceClusterer(config.linkRule()).cluster(photos);
            FileClusteringRun.Outcome out = Streamed.run(photos, 2, config, tmp.resolve("r" + config.radiusMeters()));
            assertThat(out.result.eventOfPhoto()).isEqualTo(reference.eventOfPhoto());
            PartitionMetrics score = PartitionMetrics.pairwise(out.result.eventOfPhoto(), truth);
            System.out.printf("SED 2013 (824 GPS photos), R=%.0f m W=%s: %d events; vs ground truth %s%n",
                    config.radiusMeters(), Duration.ofMillis(config.windowMillis()), out.result.events().size(), score);
            assertThat(score.precision).isGreaterThan(0.5); // the rule never lumps distinct real events wholesale
        }
    }
}
