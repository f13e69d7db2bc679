package com.snapmap.chaos;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The faults of one run, in order, and when each is due: spread evenly over the load, the first
 * after one gap and the last one gap before its end, so every fault meets load on both sides. A
 * fault is injected no earlier than its time and never before the previous one has recovered.
 */
public record FaultPlan(List<Fault> faults) {

    /** The list: TaskManager twice, JobManager, Kafka, MongoDB-wire, Azurite, gateway, a sweep. */
    public static final String ALL = "taskmanager,jobmanager,taskmanager,kafka,mongo,azurite,gateway,sweep";

    public FaultPlan {
        faults = List.copyOf(faults);
    }

    /** A comma-separated list of fault names (empty: no faults). */
    public static FaultPlan parse(String list) {
        if (list.isBlank()) {
            return new FaultPlan(List.of());
        }
        return new FaultPlan(Arrays.stream(list.split(",")).map(Fault::parse).toList());
    }

    /** When fault {@code i} is due, counted from the start of the load. */
    public Duration dueAt(int i, Duration load) {
        if (i < 0 || i >= faults.size()) {
            throw new IndexOutOfBoundsException("fault " + i + " of " + faults.size());
        }
        return load.multipliedBy(i + 1).dividedBy(faults.size() + 1);
    }

    public int size() {
        return faults.size();
    }
}
