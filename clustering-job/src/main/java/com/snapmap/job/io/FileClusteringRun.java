package com.snapmap.job.io;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.ClusteringGraph;
import com.snapmap.job.ClusteringResult;
import com.snapmap.job.ClusteringStreams;
import com.snapmap.job.TakenAtWatermarks;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.PhotoWrite;
import com.snapmap.job.model.SourceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs {@link ClusteringGraph} over a JSON-lines file of upload events (one per line, in arrival
 * order) and folds its outputs into a {@link ClusteringResult}. The file-replay CLI and the tests
 * share it.
 */
public final class FileClusteringRun {

    /** What a run produced. */
    public static final class Outcome {
        public final ClusteringResult result = new ClusteringResult();
        public final List<BadRecord> badRecords = new ArrayList<>();
        public final List<UploadEvent> tooLate = new ArrayList<>();
        public long photoWrites;
        public long eventDocuments;
        public long wallMillis;
        public JobExecutionResult job;
    }

    private FileClusteringRun() {}

    /**
     * Builds the graph on {@code env}; call {@link #collect} after the job has finished. Sinks
     * write under {@code workDir}.
     */
    public static void attach(StreamExecutionEnvironment env, Path input, Path workDir, ClusteringConfig config) {
        attach(source(env, input, config), workDir, config);
    }

    /** Builds the graph on records of any source, with the file sinks under {@code workDir}. */
    public static void attach(DataStream<SourceRecord> records, Path workDir, ClusteringConfig config) {
        ClusteringStreams out = ClusteringGraph.build(records, config);
        out.photoWrites.sinkTo(new JsonLinesSink<>(workDir, "photo-writes")).uid("sink-photo-writes").name("Photo writes (file)");
        out.events.sinkTo(new JsonLinesSink<>(workDir, "events")).uid("sink-events").name("Event documents (file)");
        out.deadLetters.sinkTo(new JsonLinesSink<>(workDir, "dlq")).uid("sink-dlq").name("Dead letters (file)");
        out.tooLate.sinkTo(new JsonLinesSink<>(workDir, "too-late")).uid("sink-too-late").name("Too late (file)");
    }

    /**
     * The file as the graph's source: one split read in order (its line order is the arrival
     * order), watermarked like a Kafka partition. Benchmarks put their own sinks after it.
     */
    public static DataStream<SourceRecord> source(StreamExecutionEnvironment env, Path input, ClusteringConfig config) {
        FileSource<SourceRecord> source = FileSource
                .forRecordStreamFormat(new NumberedLineFormat(input.getFileName().toString(), config.maxFutureSkewMillis()),
                        new org.apache.flink.core.fs.Path(input.toUri()))
                .build();
        return env
                .fromSource(source, TakenAtWatermarks.strategy(config), "upload-events-file")
                .setParallelism(1)
                .uid("file-source");
    }

    /** Builds, runs to completion and collects; {@code progress} is told about a running job. */
    public static Outcome run(StreamExecutionEnvironment env, Path input, Path workDir, ClusteringConfig config,
            Consumer<JobClient> progress) throws Exception {
        attach(env, input, workDir, config);
        long t0 = System.nanoTime();
        JobClient client = env.executeAsync("snapmap-cluster-file");
        if (progress != null) {
            progress.accept(client);
        }
        JobExecutionResult job = client.getJobExecutionResult().get();
        Outcome o = collect(workDir);
        o.wallMillis = (System.nanoTime() - t0) / 1_000_000;
        o.job = job;
        return o;
    }

    public static Outcome collect(Path workDir) throws IOException {
        return collect(List.of(workDir));
    }

    /**
     * The outputs of runs that continue one another (a job restored from the savepoint of the one
     * before), folded in that order.
     */
    public static Outcome collect(List<Path> workDirs) throws IOException {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        Outcome o = new Outcome();
        for (Path workDir : workDirs) {
            read(workDir, "photo-writes", line -> {
                o.result.apply(mapper.readValue(line, PhotoWrite.class));
                o.photoWrites++;
            });
            read(workDir, "events", line -> {
                o.result.apply(mapper.readValue(line, EventDocument.class));
                o.eventDocuments++;
            });
            read(workDir, "dlq", line -> o.badRecords.add(mapper.readValue(line, BadRecord.class)));
            read(workDir, "too-late", line -> o.tooLate.add(mapper.readValue(line, UploadEvent.class)));
        }
        o.badRecords.sort((a, b) -> Long.compare(a.offset, b.offset));
        return o;
    }

    private interface LineHandler {
        void accept(String line) throws IOException;
    }

    private static void read(Path dir, String prefix, LineHandler handler) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(prefix + "-")).sorted().toList();
        }
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    handler.accept(line);
                }
            }
        }
    }
}
