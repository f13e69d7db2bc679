package com.snapmap.bench;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;

/** What one finished job cost and did: wall and CPU time, accumulators, records per subtask. */
public final class JobRun {

    /** From the first task running to the last one finished. */
    public final long wallNanos;
    public final long cpuNanos;
    public final JobExecutionResult result;
    public final List<SubtaskCounts> stages;
    public final CheckpointStatsSnapshot checkpoints;
    /** False when the run was cancelled at its time limit: then figures cover what it did so far. */
    public final boolean finished;
    /** CPU time of each task (operator chain) over its subtasks, largest first ({@link TaskCpu}). */
    public final Map<String, Long> taskCpuNanos;

    JobRun(long wallNanos, long cpuNanos, JobExecutionResult result, List<SubtaskCounts> stages,
            CheckpointStatsSnapshot checkpoints, boolean finished) {
        this(wallNanos, cpuNanos, result, stages, checkpoints, finished, Map.of());
    }

    JobRun(long wallNanos, long cpuNanos, JobExecutionResult result, List<SubtaskCounts> stages,
            CheckpointStatsSnapshot checkpoints, boolean finished, Map<String, Long> taskCpuNanos) {
        this.taskCpuNanos = taskCpuNanos;
        this.wallNanos = wallNanos;
        this.cpuNanos = cpuNanos;
        this.result = result;
        this.stages = stages;
        this.checkpoints = checkpoints;
        this.finished = finished;
    }

    /**
     * Records into the first stage after the source. Not photos: the source's chain may fan a
     * photo out (halo copies), so this only says how far a cancelled run got.
     */
    public long recordsRead() {
        return stages.size() < 2 ? 0 : stages.get(1).total();
    }

    /** Input records per second of processing; NaN when the run was cancelled before its end. */
    public double recordsPerSecond(long inputRecords) {
        return finished ? Rates.perSecond(inputRecords, wallNanos) : Double.NaN;
    }

    public long counter(String accumulator) {
        if (result == null) {
            return 0;
        }
        Object v = result.getAllAccumulatorResults().get(accumulator);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Busiest subtask's share over the stages that ran at parallelism {@code p} and saw records. */
    public double busiestShare(int p) {
        return stages.stream().filter(s -> s.parallelism() == p && s.total() > 0)
                .mapToDouble(SubtaskCounts::busiestShare).max().orElse(Double.NaN);
    }

    /** "Event registry 61 %, Cell linker 10 %, ...": each task's share of the tasks' CPU time, the {@code top} largest. */
    public String taskCpuShares(int top) {
        double total = taskCpuNanos.values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            return "n/a";
        }
        return taskCpuNanos.entrySet().stream().limit(top)
                .map(e -> String.format("%s %.0f %%", shortTask(e.getKey()), 100 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    private static String shortTask(String task) {
        String first = task.replaceFirst("^Source: ", "").split(" -> ")[0];
        return first.length() > 32 ? first.substring(0, 32) + "…" : first;
    }
}
