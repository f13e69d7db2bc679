package com.snapmap.bench;

import java.util.List;

/**
 * Records each subtask of one stage (a Flink job vertex) took in, Flink's {@code numRecordsIn}
 * per subtask; a stage run under one key shows as one subtask with all of them.
 */
public final class SubtaskCounts {

    public final String stage;
    public final List<Long> perSubtask;

    public SubtaskCounts(String stage, List<Long> perSubtask) {
        this.stage = stage;
        this.perSubtask = List.copyOf(perSubtask);
    }

    public long total() {
        return perSubtask.stream().mapToLong(Long::longValue).sum();
    }

    public int parallelism() {
        return perSubtask.size();
    }

    /** Largest fraction of the stage's records one subtask processed: 1/p is perfect, 1 is one key. */
    public double busiestShare() {
        long total = total();
        return total == 0 ? Double.NaN : perSubtask.stream().mapToLong(Long::longValue).max().orElse(0) / (double) total;
    }

    @Override
    public String toString() {
        return stage + " " + perSubtask;
    }
}
