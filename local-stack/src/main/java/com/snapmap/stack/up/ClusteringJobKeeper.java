package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import com.snapmap.stack.FlinkRestClient.TaskState;
import com.snapmap.stack.WorkDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the clustering job running on the session cluster: submits it restored from the newest
 * state on disk (the savepoint {@code down} took, or a newer retained checkpoint after a crash),
 * and submits it again that way when it is gone (a restarted JobManager knows no jobs) or has
 * FAILED (its own restarts used up). Flink's own restart strategy handles a lost TaskManager.
 * State written before the job's state format (docs/OPERATE.md, "State format") is set aside and
 * the job replays from the earliest Kafka offsets instead, which converges to the same documents.
 */
final class ClusteringJobKeeper {

    private static final Duration RESUBMIT_BACKOFF = Duration.ofSeconds(10);
    /** The state format of the job this keeper submits; recorded beside the state it leaves. */
    static final String STATE_FORMAT = "1";

    private final FlinkRestClient rest;
    private final Path jobJar;
    private volatile List<String> jobArgs;
    private final int parallelism;
    private final WorkDir flinkWork;
    private final Path lastSavepointFile;
    private volatile String jobId;
    private volatile String restoredFrom;
    private volatile int resubmits;
    private volatile String state = "not submitted";
    private volatile String notice;
    private long lastSubmitNanos;

    ClusteringJobKeeper(FlinkRestClient rest, Path jobJar, List<String> jobArgs, int parallelism, WorkDir flinkWork,
                        Path lastSavepointFile) {
        this.rest = rest;
        this.jobJar = jobJar;
        this.jobArgs = jobArgs;
        this.parallelism = parallelism;
        this.flinkWork = flinkWork;
        this.lastSavepointFile = lastSavepointFile;
    }

    /** Submits the job, restored from {@link #newestRestorePoint} if there is one; returns its id. */
    String submit() {
        restoredFrom = restorePoint().map(p -> p.toUri().toString()).orElse(null);
        lastSubmitNanos = System.nanoTime();
        jobId = rest.submit(jobJar, null, jobArgs, parallelism, restoredFrom);
        state = "submitted";
        try {
            Files.writeString(stateFormatFile(), STATE_FORMAT + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the state format in " + stateFormatFile(), e);
        }
        return jobId;
    }

    /**
     * The state to restore. State on disk without this format's mark (written by a build from
     * before it) is moved aside, and from then on the job starts from the earliest offsets: a
     * start from the offsets the old job committed, without its state, would miss what that state
     * held.
     */
    Optional<Path> restorePoint() {
        Optional<Path> newest = newestRestorePoint();
        if (newest.isEmpty() || STATE_FORMAT.equals(stateFormatOnDisk())) {
            return newest;
        }
        Path aside = flinkWork.root().resolve("before-state-format-" + STATE_FORMAT + "-" + System.currentTimeMillis());
        try {
            Files.createDirectories(aside);
            for (Path p : List.of(flinkWork.checkpointsDir(), flinkWork.savepointsDir(), lastSavepointFile)) {
                if (Files.exists(p)) {
                    Files.move(p, aside.resolve(p.getFileName()));
                }
            }
            Files.createDirectories(flinkWork.checkpointsDir());
            Files.createDirectories(flinkWork.savepointsDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the old job state aside to " + aside, e);
        }
        jobArgs = withEarliestOffsets(jobArgs);
        notice = "the job state in " + flinkWork.root() + " is from before state format v" + STATE_FORMAT
                + " (docs/OPERATE.md, \"State format\"); moved to " + aside
                + "; the job replays from the earliest Kafka offsets";
        return Optional.empty();
    }

    private String stateFormatOnDisk() {
        try {
            return Files.isRegularFile(stateFormatFile()) ? Files.readString(stateFormatFile()).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private Path stateFormatFile() {
        return flinkWork.root().resolve("state-format");
    }

    private static List<String> withEarliestOffsets(List<String> args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--kafka.starting-offsets") && i + 1 < args.size()) {
                i++;
            } else {
                out.add(args.get(i));
            }
        }
        out.add("--kafka.starting-offsets");
        out.add("earliest");
        return List.copyOf(out);
    }

    /** One supervision step: the job's real state, and a resubmission when it is gone or failed. */
    void tick() {
        if (jobId == null) {
            return;
        }
        try {
            TaskState t = rest.taskState(jobId);
            state = t.toString();
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(t.jobState())) {
                resubmit();
            }
        } catch (FlinkRestException e) {
            if (e.getMessage().contains("HTTP 404")) {
                state = "lost (the JobManager restarted)";
                resubmit();
            } else {
                state = "unknown (Flink REST API unreachable)";
            }
        }
    }

    private void resubmit() {
        if (System.nanoTime() - lastSubmitNanos < RESUBMIT_BACKOFF.toNanos()) {
            return;
        }
        try {
            submit();
            resubmits++;
        } catch (FlinkRestException e) {
            lastSubmitNanos = System.nanoTime();
            state = "resubmit failed: " + e.getMessage();
        }
    }

    /**
     * The newest of the last savepoint and the retained checkpoints (each a folder with
     * {@code _metadata}), by the time its metadata was written.
     */
    Optional<Path> newestRestorePoint() {
        List<Path> candidates = new ArrayList<>();
        try {
            if (Files.isRegularFile(lastSavepointFile)) {
                String sp = Files.readString(lastSavepointFile).trim();
                candidates.add(Path.of(sp.startsWith("file:") ? java.net.URI.create(sp).getPath() : sp));
            }
            if (Files.isDirectory(flinkWork.checkpointsDir())) {
                try (Stream<Path> s = Files.walk(flinkWork.checkpointsDir(), 2)) {
                    s.filter(p -> p.getFileName().toString().startsWith("chk-")).forEach(candidates::add);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                .max(Comparator.comparing(ClusteringJobKeeper::metadataTime));
    }

    private static FileTime metadataTime(Path p) {
        try {
            return Files.getLastModifiedTime(p.resolve("_metadata"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Awaits every task RUNNING (a savepoint needs that, and so does "ready"). */
    void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            tick();
            try {
                if (rest.taskState(jobId).fullyRunning()) {
                    return;
                }
            } catch (FlinkRestException e) {
                // not yet known to the REST API
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the clustering job is not running within " + timeout.toSeconds()
                        + " s (" + state + "; restored from " + restoredFrom + ")");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    String jobId() {
        return jobId;
    }

    String restoredFrom() {
        return restoredFrom;
    }

    /** What the last submission did with old state, for the operator; null when nothing. */
    String notice() {
        return notice;
    }

    List<String> jobArgs() {
        return jobArgs;
    }

    int resubmits() {
        return resubmits;
    }

    String state() {
        return state;
    }
}
