package com.snapmap.job;

import java.util.ArrayList;
import java.util.List;
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
 */
final class CoalescedFlush {

    private final MapState<String, Boolean> dirty;
    /** Time of the pending flush timer, if any. */
    private final ValueState<Long> flushAt;
    private final long intervalMillis;

    CoalescedFlush(RuntimeContext context, long intervalMillis) {
        this.dirty = context.getMapState(new MapStateDescriptor<>("dirty", Types.STRING, Types.BOOLEAN));
        this.flushAt = context.getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        this.intervalMillis = intervalMillis;
    }

    /** {@code root} changed: it goes out with the next flush, scheduled now if none is pending. */
    void mark(String root, TimerService timers) throws Exception {
        dirty.put(root, Boolean.TRUE);
        if (flushAt.value() == null) {
            long at = timers.currentProcessingTime() + intervalMillis;
            flushAt.update(at);
            timers.registerProcessingTimeTimer(at);
        }
    }

    /** {@code root} went out another way (or is gone): the next flush leaves it out. */
    void unmark(String root) throws Exception {
        dirty.remove(root);
    }

    /** On the flush timer: the marked roots in order, none marked and no flush pending any more. */
    List<String> drain() throws Exception {
        flushAt.clear();
        List<String> changed = new ArrayList<>();
        for (String root : dirty.keys()) {
            changed.add(root);
        }
        dirty.clear();
        changed.sort(null);
        return changed;
    }
}
