package com.snapmap.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
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
 * <p>The list holds an empty header entry, then per key with a flush pending the key alone and
 * one {@code key NUL root} entry per marked root (state format v1, docs/OPERATE.md).
 */
final class CoalescedFlush {

    /** First entry of every task's list; no key is empty, so it never reads as one. */
    private static final String HEADER = "";
    private static final char SEPARATOR = '\u0000';

    private final ListState<String> marks;
    private final long intervalMillis;
    /** Keys of this task with a flush timer pending, and the roots marked since it was set. */
    private final Map<String, Set<String>> pending = new HashMap<>();

    /** Call from {@code initializeState}: restores the marks of this task's key groups. */
    CoalescedFlush(FunctionInitializationContext context, TaskInfo task, long intervalMillis) throws Exception {
        this.marks = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("flush-marks", Types.STRING));
        this.intervalMillis = intervalMillis;
        if (context.isRestored()) {
            Predicate<String> own = TaskKeys.owned(task);
            for (String m : marks.get()) {
                if (m.equals(HEADER)) {
                    continue;
                }
                int at = m.indexOf(SEPARATOR);
                String key = at < 0 ? m : m.substring(0, at);
                if (own.test(key)) {
                    Set<String> roots = pending.computeIfAbsent(key, k -> new HashSet<>());
                    if (at >= 0) {
                        roots.add(m.substring(at + 1));
                    }
                }
            }
        }
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
    void mark(String key, String root, TimerService timers) {
        Set<String> marked = pending.get(key);
        if (marked == null) {
            long at = timers.currentProcessingTime() + intervalMillis;
            timers.registerProcessingTimeTimer(at);
            marked = new HashSet<>();
            pending.put(key, marked);
        }
        marked.add(root);
    }

    /** {@code root} went out another way (or is gone): the next flush leaves it out. */
    void unmark(String key, String root) {
        Set<String> marked = pending.get(key);
        if (marked != null) {
            marked.remove(root);
        }
    }

    /** On the flush timer of {@code key}: the marked roots in order, none marked and no flush pending any more. */
    List<String> drain(String key) {
        Set<String> marked = pending.remove(key);
        List<String> changed = marked == null ? new ArrayList<>() : new ArrayList<>(marked);
        changed.sort(null);
        return changed;
    }
}
