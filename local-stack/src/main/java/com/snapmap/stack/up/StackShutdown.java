package com.snapmap.stack.up;

import com.snapmap.stack.FlinkRestClient;
import com.snapmap.stack.FlinkRestClient.FlinkRestException;
import com.snapmap.stack.ProcessInspection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops what {@code up} started, by pid, in an order that loses no acknowledged upload: the
 * gateway first (it finishes the requests in flight; each acknowledged one is already in Kafka),
 * then the job with a savepoint (its offsets: the next {@code up} resumes from there), then Flink,
 * and the stores last. Used by the supervisor on SIGTERM, and by {@code down} itself when the
 * supervisor is gone.
 */
final class StackShutdown {

    private static final Duration SAVEPOINT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration TERM_GRACE = Duration.ofSeconds(30);

    private final UpLayout layout;
    private final PrintStream out;

    StackShutdown(UpLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
    }

    /** Returns the savepoint taken, if any. */
    Optional<String> run(UpState state) {
        stop("gateway", state.pid("gateway"));
        stop("sweeper", state.pid("sweeper"));
        Optional<String> savepoint = savepoint(state.get("flink.rest"), state.get("job.id"));
        for (String service : UpState.SERVICES) {
            stop(service, state.pid(service));
        }
        return savepoint;
    }

    private Optional<String> savepoint(String restUrl, String jobId) {
        if (restUrl == null || jobId == null || !alive(layout.flinkWork().pidFile("jobmanager"))) {
            return Optional.empty();
        }
        try {
            FlinkRestClient rest = new FlinkRestClient(restUrl);
            if (!rest.taskState(jobId).fullyRunning()) {
                out.println("job " + jobId + " is not fully running: no savepoint; the next up restores its last checkpoint");
                return Optional.empty();
            }
            String path = rest.stopWithSavepoint(jobId, null, SAVEPOINT_TIMEOUT);
            Files.writeString(layout.lastSavepointFile(), path + "\n", StandardCharsets.UTF_8);
            out.println("job stopped with savepoint " + path);
            return Optional.of(path);
        } catch (FlinkRestException | IOException e) {
            out.println("no savepoint (" + e.getMessage() + "); the next up restores the last checkpoint");
            return Optional.empty();
        }
    }

    private boolean alive(Path pidFile) {
        try {
            return Files.isRegularFile(pidFile) && isOurs(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; only a process of this home (pid reuse). */
    void stop(String name, long pid) {
        if (pid <= 0 || !isOurs(pid)) {
            return;
        }
        ProcessHandle ph = ProcessHandle.of(pid).orElseThrow();
        ph.destroy();
        try {
            ph.onExit().get(TERM_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            ph.destroyForcibly();
            ph.onExit().join();
        }
        out.println("stopped " + name + " (pid " + pid + ")");
    }

    /** Alive, and its command line names this home (every process up starts does). */
    boolean isOurs(long pid) {
        return ProcessInspection.commandLine(pid).filter(cmdline -> cmdline.contains(layout.home() + "/")).isPresent();
    }
}
