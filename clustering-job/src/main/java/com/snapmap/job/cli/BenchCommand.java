package com.snapmap.job.cli;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.PartitionMetrics;
import com.snapmap.core.cluster.ReferenceClusterer;
import com.snapmap.core.gen.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.io.FileClusteringRun;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code snapmap bench}: the streaming graph against its baseline, the offline reference clusterer,
 * on the same generated city stream in the same process. Prints both throughputs and the ratio,
 * and checks that the two partitions are equal.
 */
final class BenchCommand {

    static final Set<String> FLAGS = Set.of("photos", "seed", "parallelism");

    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> argv) throws Exception {
        CliArgs args = new CliArgs("bench", argv, FLAGS);
        int n = (int) args.getLong("photos", 100_000);
        int parallelism = (int) args.getLong("parallelism", 2);
        List<Photo> photos = CityStreamGenerator.lyon().generate(args.getLong("seed", 1), n, 0.6, "p");
        ClusteringConfig config = ClusteringConfig.defaults();

        long t0 = System.nanoTime();
        Clustering reference = new ReferenceClusterer(config.linkRule()).cluster(photos);
        double refSeconds = (System.nanoTime() - t0) / 1e9;

        Path dir = Files.createTempDirectory("snapmap-bench-");
        Path input = dir.resolve("photos.jsonl");
        UploadEventCodec codec = new UploadEventCodec();
        try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (Photo p : photos) {
                w.write(codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
                w.newLine();
            }
        }
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        FileClusteringRun.Outcome o = FileClusteringRun.run(env, input, dir.resolve("out"), config, null);
        double streamSeconds = o.wallMillis / 1000.0;
        String diff = PartitionMetrics.differences(o.result.eventOfPhoto(), reference.eventOfPhoto());

        out.printf("photos: %d  events: %d%n", n, reference.events().size());
        out.printf("baseline  reference clusterer (offline, 1 thread): %.2f s  %.0f photos/s%n", refSeconds, n / refSeconds);
        out.printf("streaming graph on a local MiniCluster (p=%d, incl. job start, file I/O): %.2f s  %.0f photos/s%n",
                parallelism, streamSeconds, n / streamSeconds);
        out.printf("ratio streaming/baseline throughput: %.3f%n", refSeconds / streamSeconds);
        out.printf("partitions equal: %s%n", diff.isEmpty() ? "yes" : "NO\n" + diff);
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return diff.isEmpty() ? 0 : 1;
    }
}
