package com.snapmap.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The changed events of one key waiting for their document to go out, with at most one
 * processing-time timer pending for them: however many photos change an event within an
 * interval, it is emitted once (used by {@link EventRegistry} and {@link BorderMerge}; the state
 * names "dirty" and "flush-at" are part of their savepoints).
 *
 * <p>The marks live in keyed state, so a restored job still flushes what was marked before the
 * checkpoint. This task also keeps, per key with a flush pending, the roots it marked since: only
 * this task writes the key's marks, so with that view a mark of a root already marked, an unmark
 * of a root never marked, and the drain cost no state access (on RocksDB the reads, the deletes
 * of absent entries and the iteration over the deleted ones were about a sixth of the registry's
 * time). A key whose flush was pending at a restore has no view: its marks are read from state.
 */
final class CoalescedFlush {

    private final MapState<String, Boolean> dirty;
    /** Time of the pending flush timer, if any. */
    private final ValueState<Long> flushAt;
    private final long intervalMillis;
    /** Keys of this task with a flush pending: the roots marked, or null when only state knows. */
    private final Map<String, Set<String>> pending = new HashMap<>();

    CoalescedFlush(RuntimeContext context, long intervalMillis) {
        this.dirty = context.getMapState(new MapStateDescriptor<>("dirty", Types.STRING, Types.BOOLEAN));
        this.flushAt = context.getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        this.intervalMillis = intervalMillis;
    }

    /** {@code root} of {@code key} changed: it goes out with the next flush, scheduled now if none is pending. */
    void mark(String key, String root, TimerService timers) throws Exception {
        Set<String> marked = pending.get(key);
        if (marked == null && !pending.containsKey(key)) {
            if (flushAt.value() == null) {
                long at = timers.currentProcessingTime() + intervalMillis;
                flushAt.update(at);
                timers.registerProcessingTimeTimer(at);
                marked = new HashSet<>();
            }
            pending.put(key, marked); // null: pending since before a restore, marks unknown here
        }
        if (marked == null || marked.add(root)) {
            dirty.put(root, Boolean.TRUE);
        }
    }

    /** {@code root} went out another way (or is gone): the next flush leaves it out. */
    void unmark(String key, String root) throws Exception {
        Set<String> marked = pending.get(key);
        if (marked != null) {
            if (marked.remove(root)) {
                dirty.remove(root);
            }
        } else if (pending.containsKey(key) || flushAt.value() != null) {
            dirty.remove(root);
        }
    }

    /** On the flush timer of {@code key}: the marked roots in order, none marked and no flush pending any more. */
    List<String> drain(String key) throws Exception {
        flushAt.clear();
        Set<String> marked = pending.remove(key);
        List<String> changed = new ArrayList<>();
        if (marked != null) {
            changed.addAll(marked);
            for (String root : marked) {
                dirty.remove(root);
            }
        } else {
            for (String root : dirty.keys()) {
                changed.add(root);
            }
            dirty.clear();
        }
        changed.sort(null);
        return changed;
    }
}
