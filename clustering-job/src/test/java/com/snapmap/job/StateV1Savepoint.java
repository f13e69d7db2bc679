package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.snapmap.core.Photo;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.io.NumberedLineFormat;
import com.snapmap.job.io.StateBackendKind;
import com.snapmap.job.model.SourceRecord;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A savepoint of state format v1 (docs/OPERATE.md, "State format"): the clustering graph with the
 * production operators on RocksDB, stopped with a savepoint after {@link #BEFORE} photos of a
 * small city, and what it wrote up to then. {@link #make} takes one; {@link #restoreAndFinish}
 * runs the graph of this build from one with the photos after it and drains it.
 *
 * <p>The source reads a folder and keeps watching it, so the job keeps running (no end-of-input
 * watermark closes its events) until it is stopped; restored, it reads the files of the new
 * folder. A folder made by {@link #make}: {@code input/before.jsonl} and {@code input/after.jsonl}
 * (upload events in arrival order), {@code output/} (the sinks' files up to the savepoint) and
 * {@code savepoint/} (canonical format, relocatable).
 */
final class StateV1Savepoint {

    static final ClusteringConfig CONFIG = ClusteringConfig.builder()
            .allowedLateness(Duration.ofMinutes(30))
            .outOfOrderness(Duration.ofSeconds(30))
            .build();
    /** The folder the test resources keep the committed savepoint in. */
    static final String RESOURCE = "/savepoints/state-v1";
    static final int PHOTOS = 400;
    static final int BEFORE = 300;
    static final int PARALLELISM = 2;

    private static final UploadEventCodec CODEC = new UploadEventCodec();

    private StateV1Savepoint() {}

    /**
     * Two hours of a 600 m city, arriving up to 20 minutes out of order: events cross regions (the
     * border merge holds state at the savepoint) and go on past it, some renamed by later photos.
     */
    static List<Photo> photos() {
        List<Photo> inOrder = new CityStreamGenerator(45.76, 4.83, 600, 1_714_521_600_000L, 2 * 3_600_000L)
                .generate(25, PHOTOS, 0.7, "v1-");
        return CityStreamGenerator.shuffleWithin(inOrder, 20 * 60_000L, 25);
    }

    /** Runs the graph on {@code photos()[0, BEFORE)} and stops it with a savepoint: a folder as described above. */
    static void make(Path dir, Path work) throws Exception {
        List<Photo> photos = photos();
        Path input = Files.createDirectories(dir.resolve("input"));
        write(input.resolve("before.jsonl"), photos.subList(0, BEFORE));
        write(input.resolve("after.jsonl"), photos.subList(BEFORE, photos.size()));
        Path reading = Files.createDirectories(work.resolve("reading"));
        Files.copy(input.resolve("before.jsonl"), reading.resolve("before.jsonl"));
        Path out = dir.resolve("output");
        JobClient job = start(reading, out, PARALLELISM, null);
        awaitWritesFor(job, List.of(out), photos.subList(0, BEFORE));
        String taken = job.stopWithSavepoint(false, work.resolve("savepoints").toUri().toString(),
                SavepointFormatType.CANONICAL).get();
        Long borderFacts = job.getJobExecutionResult().get().getAccumulatorResult(BorderMerge.factsAccumulator(0));
        assertThat(borderFacts).as("border facts before the savepoint").isPositive();
        Files.move(Path.of(URI.create(taken)), dir.resolve("savepoint"));
    }

    /**
     * Starts the graph of this build at {@code parallelism} from the savepoint in {@code dir},
     * feeds it {@code input/after.jsonl}, waits for every photo's write and stops it with a drain
     * (every event closes); its sinks write under {@code out}.
     */
    static void restoreAndFinish(Path dir, Path work, Path out, int parallelism) throws Exception {
        Path reading = Files.createDirectories(work.resolve("reading"));
        Files.copy(dir.resolve("input/after.jsonl"), reading.resolve("after.jsonl"));
        JobClient job = start(reading, out, parallelism, dir.resolve("savepoint").toUri().toString());
        awaitWritesFor(job, List.of(dir.resolve("output"), out), read(dir.resolve("input/after.jsonl")));
        job.stopWithSavepoint(true, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL).get();
        job.getJobExecutionResult().get();
    }

    /** The upload events of a folder's file, as photos, in arrival order. */
    static List<Photo> read(Path file) throws Exception {
        List<Photo> photos = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            UploadEvent e = CODEC.parse(line, Instant.now());
            photos.add(new Photo(e.photoId, e.takenAt, e.lat, e.lon));
        }
        return photos;
    }

    private static void write(Path file, List<Photo> photos) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Photo p : photos) {
            lines.add(CODEC.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static JobClient start(Path input, Path out, int parallelism, String savepoint) throws Exception {
        Configuration conf = StateBackendKind.ROCKSDB.applyTo(new Configuration());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200)); // the file sinks flush at each
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failure fails the test, not a silent restart
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        FileSource<SourceRecord> source = FileSource
                .forRecordStreamFormat(new NumberedLineFormat("upload-events", CONFIG.maxFutureSkewMillis()),
                        new org.apache.flink.core.fs.Path(input.toUri()))
                .monitorContinuously(Duration.ofMillis(200))
                .build();
        FileClusteringRun.attach(env.fromSource(source, TakenAtWatermarks.strategy(CONFIG), "upload-events-folder")
                .setParallelism(1).uid("upload-events-folder"), out, CONFIG);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false)); // no state dropped
        }
        return env.executeAsync(graph);
    }

    /**
     * Until the sinks' files under {@code outs} (flushed at each checkpoint) hold a write for each
     * of {@code photos}: the source has read them all and each went through the graph.
     */
    private static void awaitWritesFor(JobClient job, List<Path> outs, List<Photo> photos) {
        List<String> ids = photos.stream().map(p -> p.photoId).toList();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300))
                .ignoreExceptionsInstanceOf(IOException.class) // a file read as its writer flushes may end mid-line
                .until(() -> {
                    assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("job ended early").isFalse();
                    return FileClusteringRun.collect(outs).result.eventOfPhoto().keySet().containsAll(ids);
                });
    }

    /** Whether {@code dir} is missing or empty (the generator writes only into such a folder). */
    static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
