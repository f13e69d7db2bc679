package com.snapmap.bench;

import com.snapmap.stack.FlinkRestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * How long each task of a running job has been busy and back-pressured so far (Flink's {@code
 * accumulateBusyTimeMs} and {@code accumulateBackPressuredTimeMs}, summed over its subtasks, read
 * over the REST API): two readings tell where the time of a phase went.
 */
public final class TaskTimes {

    static final String BUSY = "accumulateBusyTimeMs";
    static final String BACK_PRESSURED = "accumulateBackPressuredTimeMs";

    /** One task (job vertex): accumulated milliseconds over all its subtasks. */
    record Task(String name, int parallelism, double busyMs, double backPressuredMs) {}

    /** A task's busy and back-pressured time between two readings, as shares of wall time × parallelism. */
    record Share(String name, double busy, double backPressured) {}

    private final Map<String, Task> tasks;

    TaskTimes(Map<String, Task> tasks) {
        this.tasks = tasks;
    }

    /**
     * The JobManager answers metric queries from what it last fetched, and fetches again at most
     * every {@code metrics.fetcher.update-interval} (10 s by default), after a query asks: a
     * reading asks once, waits that long and reads what the JobManager then holds (a reading taken
     * while the job is idle, as before and after a phase, loses nothing by waiting).
     */
    static final Duration FETCH_WAIT = Duration.ofSeconds(11);

    public static TaskTimes read(FlinkRestClient rest, String jobId) {
        fetch(rest, jobId);
        TaskTimes t;
        int attempts = 0;
        do { // the TaskManager's metrics can miss a fetch (seen once on the standalone cluster): ask again
            LockSupport.parkNanos(FETCH_WAIT.toNanos());
            t = fetch(rest, jobId);
        } while (t.incomplete() && ++attempts < MAX_FETCHES);
        return t;
    }

    /** Readings asked for at most, {@link #FETCH_WAIT} apart, until one has the times of some task. */
    static final int MAX_FETCHES = 3;

    /** Whether no task has a reading of its times (the JobManager had none to give). */
    boolean incomplete() {
        return tasks.values().stream().allMatch(t -> Double.isNaN(t.busyMs()));
    }

    private static TaskTimes fetch(FlinkRestClient rest, String jobId) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        for (JsonNode v : rest.job(jobId).path("vertices")) {
            Map<String, Double> sums = rest.vertexMetricSums(jobId, v.path("id").asText(), List.of(BUSY, BACK_PRESSURED));
            tasks.put(v.path("id").asText(), new Task(v.path("name").asText(), v.path("parallelism").asInt(),
                    sums.getOrDefault(BUSY, Double.NaN), sums.getOrDefault(BACK_PRESSURED, Double.NaN)));
        }
        return new TaskTimes(tasks);
    }

    /** Each task's shares since {@code earlier}, {@code wallNanos} before this reading; busiest first. */
    public List<Share> since(TaskTimes earlier, long wallNanos) {
        List<Share> out = new ArrayList<>();
        tasks.forEach((id, now) -> {
            Task then = earlier.tasks.get(id);
            if (then != null) {
                double capacityMs = wallNanos / 1e6 * now.parallelism();
                out.add(new Share(now.name(), (now.busyMs() - then.busyMs()) / capacityMs,
                        (now.backPressuredMs() - then.backPressuredMs()) / capacityMs));
            }
        });
        out.sort(Comparator.comparingDouble((Share s) -> Double.isNaN(s.busy()) ? 0 : s.busy()).reversed());
        return out;
    }

    /**
     * How far a share over {@code wallNanos} can be off, either way. Flink's busy time is the task's
     * age minus its counted idle and back-pressured time, and the idle and back-pressured counts take
     * an ongoing stretch in only when their gauge updates, every {@link
     * org.apache.flink.metrics.View#UPDATE_INTERVAL_SECONDS} seconds: each subtask's reading can trail
     * by up to that much, so the difference of two readings is uncertain by that over the phase's
     * wall time (a share of a one-second burst can come out negative).
     */
    public static double uncertainty(long wallNanos) {
        return org.apache.flink.metrics.View.UPDATE_INTERVAL_SECONDS * 1e9 / wallNanos;
    }

    /** "task busy 80 %, back-pressured 5 %; ..." as {@link #since} orders them. */
    public static String describe(List<Share> shares) {
        return shares.stream().map(s -> BenchRun.shortName(s.name()) + " busy " + BenchRun.percent(s.busy())
                + ", back-pressured " + BenchRun.percent(s.backPressured())).collect(Collectors.joining("; "));
    }
}
