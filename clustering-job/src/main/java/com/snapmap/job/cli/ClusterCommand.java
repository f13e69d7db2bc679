package com.snapmap.job.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.job.ClusteringConfig;
import com.snapmap.job.ParseUploads;
import com.snapmap.job.io.EventDocumentJson;
import com.snapmap.job.io.FileClusteringRun;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.EventDocument;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code snapmap cluster}: runs the streaming graph on a local Flink MiniCluster over a JSON-lines
 * file of upload events and writes the final photo → event mapping and event documents.
 */
final class ClusterCommand {

    static final Set<String> FLAGS = Set.of("input", "output", "events", "parallelism", "radius-m", "window-s",
            "lateness-s", "out-of-orderness-s", "cell-precision");

    private final PrintStream out;
    private final PrintStream err;

    ClusterCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) throws Exception {
        CliArgs args = new CliArgs("cluster", argv, FLAGS);
        Path input = Paths.get(args.required("input"));
        Path output = Paths.get(args.required("output"));
        String eventsArg = args.get("events", null);
        if (!Files.isRegularFile(input) || !Files.isReadable(input)) {
            throw new CliArgs.UsageException("input file not found or not readable: " + input);
        }
        int parallelism = (int) args.getLong("parallelism", Math.max(1, Runtime.getRuntime().availableProcessors()));
        if (parallelism < 1 || parallelism > 64) {
            throw new CliArgs.UsageException("--parallelism must be in 1..64, got " + parallelism);
        }
        ClusteringConfig config;
        try {
            ClusteringConfig.Builder b = ClusteringConfig.builder()
                    .radiusMeters(args.getDouble("radius-m", 50))
                    .window(Duration.ofSeconds(args.getLong("window-s", 300)))
                    .allowedLateness(Duration.ofSeconds(args.getLong("lateness-s", 3600)))
                    .cellPrecision((int) args.getLong("cell-precision", 7));
            long ooo = args.getLong("out-of-orderness-s", Math.min(60, args.getLong("lateness-s", 3600)));
            config = b.outOfOrderness(Duration.ofSeconds(ooo)).build();
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }

        Path work = Files.createTempDirectory("snapmap-cluster-");
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        err.printf("clustering %s at parallelism %d (%s)%n", input, parallelism, config);
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
        if (eventsArg != null) {
            writeEvents(Paths.get(eventsArg), o.result.events(), o.result.tombstones().size(), o);
        }
        reportBadLines(o.badRecords);
        if (!o.tooLate.isEmpty()) {
            err.printf("%d photo(s) later than the lateness were left for the sweeper (e.g. %s)%n",
                    o.tooLate.size(), o.tooLate.get(0).photoId);
        }
        double seconds = Math.max(1e-3, o.wallMillis / 1000.0);
        out.printf("photos: %d  events: %d  merges: %d  bad lines: %d  too late: %d  time: %.1f s  photos/s: %.0f%n",
                assignments.size(), o.result.events().size(), o.result.tombstones().size(), o.badRecords.size(),
                o.tooLate.size(), seconds, assignments.size() / seconds);
        deleteRecursively(work);
        return 0;
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
