package com.snapmap.job;

import java.util.function.Predicate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Which keys a task owns: for operator state kept by key in a union list ({@link CoalescedFlush},
 * {@link HotErasures}), where every task gets every entry after a restore and keeps those of its own
 * key groups (a rescale moves them with their keyed state and timers).
 */
final class TaskKeys {

    private TaskKeys() {}

    static Predicate<String> owned(TaskInfo task) {
        int maxParallelism = task.getMaxNumberOfParallelSubtasks();
        KeyGroupRange own = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
        return key -> own.contains(KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism));
    }
}
