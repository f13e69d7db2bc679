package com.snapmap.job;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The skeleton the event registry and the border merge share: keyed map states, some behind a
 * {@link WriteBehindCache} (written back by {@link WriteBehindOperator}), a {@link SweepIndex}
 * "due" of what a sweep may close (its chunks behind such a cache too), and the
 * {@link CoalescedFlush} of changed events, and the {@link HotErasures} of their open events. A subclass opens its states
 * in {@link #openState()} and starts every call with its {@link Call}, which points the caches at
 * the call's key.
 */
abstract class WriteBehindFunction<I, O> extends KeyedProcessFunction<String, I, O>
        implements CheckpointedFunction, WriteBehindOperator.WritesBehind {

    /** Operator state of {@link #erased} (added after state format v1: a v1 savepoint restores it empty). */
    static final String ERASED_PHOTOS = "erased-photos";

    protected final ClusteringConfig config;
    /** Entries per cache kept in memory at most. */
    private final int cacheCapacity;
    private boolean writeBehind;
    private transient List<WriteBehindCache<?>> caches;
    protected transient CoalescedFlush flushes;
    /** What a sweep may close, by the sweep. */
    protected transient SweepIndex due;
    /** The photos erased from the open events of this task's keys, in memory, in operator state at a checkpoint. */
    protected transient HotErasures erased;
    private transient ListState<String> erasedState;

    WriteBehindFunction(ClusteringConfig config, int cacheCapacity) {
        this.config = config;
        this.cacheCapacity = cacheCapacity;
    }

    /** Opens the subclass's states (with {@link #cached} and {@link #store}). */
    protected abstract void openState();

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        flushes = new CoalescedFlush(context, getRuntimeContext().getTaskInfo(), config.flushIntervalMillis());
        // A union list, as the flush marks: after a rescale each task keeps the entries of its key groups.
        erasedState = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>(ERASED_PHOTOS, Types.STRING));
        erased = new HotErasures();
        if (context.isRestored()) {
            erased.restore(erasedState.get(), TaskKeys.owned(getRuntimeContext().getTaskInfo()));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        flushes.snapshot();
        erasedState.update(erased.snapshot());
    }

    @Override
    public void open(OpenContext openContext) {
        caches = new ArrayList<>();
        openState();
        due = new SweepIndex(cached("due", Types.OBJECT_ARRAY(Types.STRING)),
                getRuntimeContext().getState(new ValueStateDescriptor<>("due-sweeps", Types.INT)));
    }

    /** Map state {@code name}, behind a cache on backends that serialize. */
    protected <V> WriteBehindCache<V> cached(String name, TypeInformation<V> type) {
        WriteBehindCache<V> cache = new WriteBehindCache<>(store(name, type), cacheCapacity);
        if (writeBehind) {
            cache.enable();
        }
        caches.add(cache);
        return cache;
    }

    /** Map state {@code name}, read and written directly. */
    protected <V> EntryStore<V> store(String name, TypeInformation<V> type) {
        return EntryStore.of(getRuntimeContext().getMapState(new MapStateDescriptor<>(name, Types.STRING, type)));
    }

    /** Points the caches at {@code key}, the key of this call. */
    private void at(String key) {
        for (WriteBehindCache<?> cache : caches) {
            cache.at(key);
        }
        erased.at(key);
    }

    /**
     * The current call's context and output, for the plain logic's decisions; with the flush marks
     * both operators' decisions share.
     */
    protected abstract class Call {

        protected Context ctx;
        protected Collector<O> out;

        /** Starts a call: points the caches at its key and the decisions at its output. */
        void start(Context ctx, Collector<O> out) {
            this.ctx = ctx;
            this.out = out;
            at(ctx.getCurrentKey());
        }

        /** A decided event changed: its document goes out with the next flush. */
        public void changed(String root) throws Exception {
            flushes.mark(ctx.getCurrentKey(), root, ctx.timerService());
        }

        /** Nothing of {@code root} waits for the flush any more. */
        public void settled(String root) throws Exception {
            flushes.unmark(ctx.getCurrentKey(), root);
        }
    }

    /** Processing time now: the time stamped on the documents. */
    protected long now(Context ctx) {
        return ctx.timerService().currentProcessingTime();
    }

    /** Cached entries (the sweep chunks among them) are written behind, or not (called before {@code open}). */
    @Override
    public void writeBehind(boolean on) {
        writeBehind = on;
    }

    /** Whether the entries kept in memory should be written back now. */
    @Override
    public boolean writeBehindFull() {
        for (WriteBehindCache<?> cache : caches) {
            if (cache.full()) {
                return true;
            }
        }
        return false;
    }

    /** Writes the entries kept in memory to keyed state; {@code setKey} switches the key. */
    @Override
    public void writeBack(Consumer<String> setKey) throws Exception {
        for (WriteBehindCache<?> cache : caches) {
            cache.writeBack(setKey);
        }
    }
}
