package com.snapmap.job;

import com.snapmap.core.Photo;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.io.FileClusteringRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Test helper: streams photos (in the given arrival order) through the job graph on the MiniCluster. */
final class Streamed {

    private static final UploadEventCodec CODEC = new UploadEventCodec();

    private Streamed() {}

    static FileClusteringRun.Outcome run(List<Photo> arrivalOrder, int parallelism, ClusteringConfig config, Path dir)
            throws Exception {
        return run(arrivalOrder, new Configuration(), parallelism, config, dir);
    }

    static FileClusteringRun.Outcome runLines(List<String> lines, int parallelism, ClusteringConfig config, Path dir)
            throws Exception {
        return runLines(lines, new Configuration(), parallelism, config, dir);
    }

    /** With {@code conf} for the job (state backend, checkpoints). */
    static FileClusteringRun.Outcome run(List<Photo> arrivalOrder, Configuration conf, int parallelism,
            ClusteringConfig config, Path dir) throws Exception {
        List<String> lines = new ArrayList<>(arrivalOrder.size());
        for (Photo p : arrivalOrder) {
            lines.add(CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
        }
        return runLines(lines, conf, parallelism, config, dir);
    }

    private static FileClusteringRun.Outcome runLines(List<String> lines, Configuration conf, int parallelism,
            ClusteringConfig config, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path input = dir.resolve("input.jsonl");
        write(input, lines);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return FileClusteringRun.run(env, input, dir.resolve("out"), config, null);
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
