package com.snapmap.job;

import com.snapmap.job.model.EventDocument;
import java.util.ArrayList;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Operator test harnesses for the keyed functions, plus output helpers. */
final class Harnesses {

    private Harnesses() {}

    /** The state backends every keyed function is tested on (production runs RocksDB). */
    enum Backend { HEAP, ROCKSDB }

    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> open(
            KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key) throws Exception {
        return open(fn, key, Backend.HEAP);
    }

    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> open(
            KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key, Backend backend) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> h = new KeyedOneInputStreamOperatorTestHarness<>(
                operator(fn), key, TypeInformation.of(String.class));
        if (backend == Backend.ROCKSDB) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        h.open();
        return h;
    }

    /** The operator the graph runs {@code fn} in: a function that writes state behind gets its own. */
    private static <I, O> KeyedProcessOperator<String, I, O> operator(KeyedProcessFunction<String, I, O> fn) {
        if (fn instanceof WriteBehindOperator.WritesBehind) {
            return WriteBehindOperator.of((KeyedProcessFunction<String, I, O> & WriteBehindOperator.WritesBehind) fn);
        }
        return new KeyedProcessOperator<>(fn);
    }

    /** A checkpoint's snapshot, taken as a task takes it: after the operator's pre-barrier step. */
    static OperatorSubtaskState snapshot(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, long checkpointId)
            throws Exception {
        h.prepareSnapshotPreBarrier(checkpointId);
        return h.snapshot(checkpointId, checkpointId);
    }

    /** A harness for {@code fn} whose state starts from {@code snapshot} (a restore). */
    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> restore(KeyedProcessFunction<String, I, O> fn,
            KeySelector<I, String> key, Backend backend, OperatorSubtaskState snapshot) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> h = new KeyedOneInputStreamOperatorTestHarness<>(
                operator(fn), key, TypeInformation.of(String.class));
        if (backend == Backend.ROCKSDB) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        h.initializeState(snapshot);
        h.open();
        return h;
    }

    /**
     * Subtask {@code index} of {@code parallelism} for {@code fn}, its state from a snapshot of
     * parallelism 1 split as a rescale splits it (key groups, union list state).
     */
    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> rescaled(KeyedProcessFunction<String, I, O> fn,
            KeySelector<I, String> key, Backend backend, OperatorSubtaskState snapshot, int maxParallelism,
            int parallelism, int index) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> h = new KeyedOneInputStreamOperatorTestHarness<>(
                operator(fn), key, TypeInformation.of(String.class), maxParallelism, parallelism, index);
        if (backend == Backend.ROCKSDB) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, maxParallelism, 1, parallelism, index));
        h.open();
        return h;
    }

    /**
     * How many keys still hold any of the named states (works on heap and RocksDB, unlike
     * {@code numKeyedStateEntries}).
     */
    @SuppressWarnings("unchecked")
    static long keysWithState(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, String... states) {
        KeyedStateBackend<String> backend = (KeyedStateBackend<String>) (KeyedStateBackend<?>)
                ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        long n = 0;
        for (String state : states) {
            try (Stream<String> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                n += keys.count();
            }
        }
        return n;
    }

    /** Event documents of the EVENTS side output, and clears it. */
    static List<EventDocument> events(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h) {
        List<EventDocument> out = side(h, EventRegistry.EVENTS);
        if (h.getSideOutput(EventRegistry.EVENTS) != null) {
            h.getSideOutput(EventRegistry.EVENTS).clear();
        }
        return out;
    }

    /** Main output records, and clears it. */
    static <O> List<O> drain(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = values(h);
        h.getOutput().clear();
        return out;
    }

    @SuppressWarnings("unchecked")
    static <O> List<O> values(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                out.add(((StreamRecord<O>) o).getValue());
            }
        }
        return out;
    }

    static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        if (h.getSideOutput(tag) != null) {
            for (StreamRecord<T> r : h.getSideOutput(tag)) {
                out.add(r.getValue());
            }
        }
        return out;
    }
}
