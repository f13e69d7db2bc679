package com.snapmap.bench;

import com.snapmap.core.Photo;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.ClusteringConfig;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every part of a bench run shares: its plan, where it writes, its report and its chart, and
 * the settings given to its end-to-end jobs on top of their own ({@code --job}).
 */
record BenchRun(Plan plan, ClusteringConfig config, Path work, PrintStream log, Report report, Map<String, Double> chart,
        Map<String, String> jobSettings) {

    /** The load's arrivals as a file of upload events, for the file source. */
    Path write(Load load, String name) throws Exception {
        Path file = work.resolve(name + ".jsonl");
        UploadEventCodec codec = new UploadEventCodec();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Photo p : load.arrivals) {
                w.write(codec.toJson(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon, null)));
                w.newLine();
            }
        }
        return file;
    }

    /** The records a run read: all of them if it finished, none counted otherwise. */
    static long read(JobRun run, long input) {
        return run.finished ? input : 0;
    }

    /** A note for a run that did not finish within the plan's limit, empty otherwise. */
    String partial(JobRun run) {
        return run.finished ? "" : String.format("; did not finish within the %d s limit (cancelled; %d records had reached "
                + "its first stage after the source)", plan.jobTimeout.toSeconds(), run.recordsRead());
    }

    static String shortName(String vertex) {
        return vertex.length() > 40 ? vertex.substring(0, 40) + "…" : vertex;
    }

    static String percent(double r) {
        return Double.isNaN(r) ? "n/a" : String.format("%.0f %%", 100 * r);
    }
}
