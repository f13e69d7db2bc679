package com.snapmap.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.contract.Defaults;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.ParseUploads;
import com.snapmap.job.io.EventDocumentJson;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.io.StateBackendKind;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.EventDocument;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snapmap cluster}: runs the streaming graph on a local Flink MiniCluster over a JSON-lines
 * file of upload events and writes the final photo → event mapping and event documents.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Clusters a JSON-lines file of upload events on a local Flink MiniCluster.")
final class ClusterCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "upload events, one JSON per line, in arrival order")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "one {\"photoId\",\"eventId\"} line per valid photo")
    Path output;

    @Option(names = "--events", paramLabel = "FILE", description = "the final event documents and tombstones")
    Path events;

    @Option(names = "--parallelism", paramLabel = "N", description = "1..64 (default: the number of cores)")
    Integer parallelism;

    @Option(names = "--state", paramLabel = "heap|rocksdb", converter = StateConverter.class,
            description = "where keyed state lives (default: ${DEFAULT-VALUE})")
    StateBackendKind state = StateBackendKind.HEAP;

    @Option(names = "--radius-m", description = "link radius R in metres (default: ${DEFAULT-VALUE})")
    double radiusM = 50;

    @Option(names = "--window-s", description = "link window W in seconds (default: ${DEFAULT-VALUE})")
    long windowS = 300;

    @Option(names = "--lateness-s", description = "allowed lateness in seconds (default: ${DEFAULT-VALUE})")
    long latenessS = 3600;

    @Option(names = "--out-of-orderness-s", description = "watermark bound in seconds (default: 60, at most the lateness)")
    Long outOfOrdernessS;

    @Option(names = "--cell-precision", description = "geohash precision of the regions the linker and registry are keyed by (default: ${DEFAULT-VALUE})")
    int cellPrecision = Defaults.REGION_PRECISION;

    private final PrintStream out;
    private final PrintStream err;

    ClusterCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new UsageException("input file not found or not readable: " + input);
        }
        int p = parallelism == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : parallelism;
        if (p < 1 || p > 64) {
            throw new UsageException("--parallelism must be in 1..64, got " + p);
        }
        ClusteringConfig config;
        try {
            long ooo = outOfOrdernessS == null ? Math.min(60, latenessS) : outOfOrdernessS;
            config = ClusteringConfig.builder()
                    .radiusMeters(radiusM)
                    .window(Duration.ofSeconds(windowS))
                    .allowedLateness(Duration.ofSeconds(latenessS))
                    .cellPrecision(cellPrecision)
                    .outOfOrderness(Duration.ofSeconds(ooo))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
        Path work = Files.createTempDirectory("snapmap-cluster-");
        Configuration conf = state.applyTo(new Configuration());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p, conf);
        err.printf("clustering %s at parallelism %d, %s state (%s)%n", input, p, state, config);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        FileClusteringRun.Outcome o;
        try {
            o = FileClusteringRun.run(env, input, work, config, client -> ticker.scheduleAtFixedRate(
                    () -> progress(client), 2, 2, TimeUnit.SECONDS));
        } finally {
            ticker.shutdownNow();
        }

        Map<String, String> assignments = new TreeMap<>(o.result.eventOfPhoto());
        writeAssignments(output, assignments);
        if (events != null) {
            writeEvents(events, o.result.events(), o.result.tombstones().size(), o);
        }
        reportBadLines(o.badRecords);
        if (!o.tooLate.isEmpty()) {
            err.printf("%d photo(s) later than the lateness were left out: the production job's cold path takes them, a file run has none (e.g. %s)%n",
                    o.tooLate.size(), o.tooLate.get(0).photoId);
        }
        double seconds = Math.max(1e-3, o.wallMillis / 1000.0);
        out.printf("photos: %d  events: %d  merges: %d  bad lines: %d  too late: %d  time: %.1f s  photos/s: %.0f%n",
                assignments.size(), o.result.events().size(), o.result.tombstones().size(), o.badRecords.size(),
                o.tooLate.size(), seconds, assignments.size() / seconds);
        deleteRecursively(work);
        return 0;
    }

    /** "heap" or "rocksdb", with the flag's own error message. */
    static final class StateConverter implements CommandLine.ITypeConverter<StateBackendKind> {
        @Override
        public StateBackendKind convert(String value) {
            try {
                return StateBackendKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private void progress(JobClient client) {
        try {
            Object read = client.getAccumulators().get(5, TimeUnit.SECONDS).get(ParseUploads.RECORDS_READ);
            if (read != null) {
                err.printf("... %s records read%n", read);
            }
        } catch (Exception e) {
            // Progress is best effort: the job may be finishing.
        }
    }

    private static void writeAssignments(Path output, Map<String, String> assignments) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : assignments.entrySet()) {
                ObjectNode n = mapper.createObjectNode();
                n.put("photoId", e.getKey());
                n.put("eventId", e.getValue());
                w.write(n.toString());
                w.newLine();
            }
        }
    }

    private static void writeEvents(Path file, Map<String, EventDocument> events, int merges, FileClusteringRun.Outcome o)
            throws IOException {
        List<EventDocument> docs = new ArrayList<>(events.values());
        docs.sort(Comparator.comparingLong((EventDocument d) -> d.startAt).thenComparing(d -> d.eventId));
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (EventDocument d : docs) {
                w.write(EventDocumentJson.toJson(d));
                w.newLine();
            }
            for (Map.Entry<String, String> t : new TreeMap<>(o.result.tombstones()).entrySet()) {
                w.write(EventDocumentJson.toJson(EventDocument.tombstone(t.getKey(), t.getValue(), 0, 0))
                        .replace(",\"version\":0,\"updatedAt\":\"1970-01-01T00:00:00Z\"", ""));
                w.newLine();
            }
        }
    }

    private void reportBadLines(List<BadRecord> bad) {
        int shown = 0;
        for (BadRecord b : bad) {
            if (shown++ == 20) {
                err.printf("... and %d more bad lines%n", bad.size() - 20);
                break;
            }
            err.printf("line %d: %s (skipped)%n", b.offset, b.message());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
