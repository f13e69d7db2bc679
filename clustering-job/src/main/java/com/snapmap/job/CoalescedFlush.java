package com.snapmap.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.TimerService;

/**
 * The changed events of one key waiting for their document to go out, with at most one
 * processing-time timer pending for them: however many photos change an event within an
 * interval, it is emitted once (used by {@link EventRegistry} and {@link BorderMerge}).
 *
 * <p>The marks are kept in memory and written only at a checkpoint, into operator state ("flush
 * marks", a union list: after a rescale each task keeps the marks of its own key groups, which come
 * back with their flush timers). Marking a root cost a keyed-state write, and the flush a delete
 * per root and two for the timer's time: on RocksDB about a twelfth of the registry's time.
 *
 * <p>Savepoints from before kept the marks in keyed state ("dirty" and "flush-at"): after such a
 * restore, each key's marks are read from there once, on its first use, and removed.
 */
final class CoalescedFlush {

    /** First entry of every task's list: marks written this way (a restore without it is from before). */
    private static final String HEADER = "";
    private static final char SEPARATOR = '\u0000';

    private final MapState<String, Boolean> dirty;
    private final ValueState<Long> flushAt;
    private final ListState<String> marks;
    private final long intervalMillis;
    /** Keys of this task with a flush timer pending, and the roots marked since it was set. */
    private final Map<String, Set<String>> pending = new HashMap<>();
    /** Restored from state written before: keys whose marks may still be in keyed state. */
    private final boolean fromBefore;
    private final Set<String> readFromBefore = new HashSet<>();

    /** Call from {@code initializeState}: restores the marks of this task's key groups. */
    CoalescedFlush(FunctionInitializationContext context, TaskInfo task, long intervalMillis) throws Exception {
        this.dirty = context.getKeyedStateStore().getMapState(new MapStateDescriptor<>("dirty", Types.STRING, Types.BOOLEAN));
        this.flushAt = context.getKeyedStateStore().getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        this.marks = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("flush-marks", Types.STRING));
        this.intervalMillis = intervalMillis;
        boolean header = false;
        if (context.isRestored()) {
            int maxParallelism = task.getMaxNumberOfParallelSubtasks();
            KeyGroupRange own = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    maxParallelism, task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask());
            for (String m : marks.get()) {
                if (m.equals(HEADER)) {
                    header = true;
                    continue;
                }
                int at = m.indexOf(SEPARATOR);
                String key = at < 0 ? m : m.substring(0, at);
                if (own.contains(KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism))) {
                    Set<String> roots = pending.computeIfAbsent(key, k -> new HashSet<>());
                    if (at >= 0) {
                        roots.add(m.substring(at + 1));
                    }
                }
            }
        }
        this.fromBefore = context.isRestored() && !header;
    }

    /** Call from {@code snapshotState}. */
    void snapshot() throws Exception {
        List<String> out = new ArrayList<>();
        out.add(HEADER);
        for (Map.Entry<String, Set<String>> e : pending.entrySet()) {
            out.add(e.getKey()); // a timer is pending even when no root is marked any more
            for (String root : e.getValue()) {
                out.add(e.getKey() + SEPARATOR + root);
            }
        }
        marks.update(out);
    }

    /** {@code root} of {@code key} changed: it goes out with the next flush, scheduled now if none is pending. */
    void mark(String key, String root, TimerService timers) throws Exception {
        Set<String> marked = marked(key);
        if (marked == null) {
            long at = timers.currentProcessingTime() + intervalMillis;
            timers.registerProcessingTimeTimer(at);
            marked = new HashSet<>();
            pending.put(key, marked);
        }
        marked.add(root);
    }

    /** {@code root} went out another way (or is gone): the next flush leaves it out. */
    void unmark(String key, String root) throws Exception {
        Set<String> marked = marked(key);
        if (marked != null) {
            marked.remove(root);
        }
    }

    /** On the flush timer of {@code key}: the marked roots in order, none marked and no flush pending any more. */
    List<String> drain(String key) throws Exception {
        Set<String> marked = marked(key);
        pending.remove(key);
        if (marked == null) { // a timer this task knows no marks of: set before the marks were operator state
            marked = fromKeyedState();
        }
        List<String> changed = marked == null ? new ArrayList<>() : new ArrayList<>(marked);
        changed.sort(null);
        return changed;
    }

    /** The key's marks if a flush is pending, null if not; after a restore from before, read once from keyed state. */
    private Set<String> marked(String key) throws Exception {
        Set<String> marked = pending.get(key);
        if (fromBefore && readFromBefore.add(key)) {
            Set<String> before = fromKeyedState();
            if (before != null) { // its timer is still registered: the flush it brings drains these too
                marked = pending.computeIfAbsent(key, k -> new HashSet<>());
                marked.addAll(before);
            }
        }
        return marked;
    }

    /**
     * The current key's marks as written before they were operator state, removed from keyed state
     * as they are read; null when no flush was pending there.
     */
    private Set<String> fromKeyedState() throws Exception {
        if (flushAt.value() == null) {
            return null;
        }
        Set<String> roots = new HashSet<>();
        for (String root : dirty.keys()) {
            roots.add(root);
        }
        dirty.clear();
        flushAt.clear();
        return roots;
    }
}
