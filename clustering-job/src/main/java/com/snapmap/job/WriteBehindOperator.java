package com.snapmap.job;

import java.util.function.Consumer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a keyed function that keeps state it changed in memory ({@link WriteBehindCache}) on
 * backends that serialize state: writes it back before every checkpoint barrier, so a checkpoint
 * or savepoint holds it, and whenever the function says it holds too much. A
 * {@code KeyedProcessFunction} can neither switch keys nor act before the barrier, hence this
 * operator; everything else is the plain keyed process operator (same uid, same state).
 */
public final class WriteBehindOperator<I, O> extends KeyedProcessOperator<String, I, O> {

    private static final long serialVersionUID = 1L;

    /** A keyed function whose state changes its operator writes back. */
    public interface WritesBehind {

        /**
         * Called before {@code open} with whether the backend serializes state (then keep changed
         * state in memory and write it back later) or holds the objects themselves (write at once).
         * A function that keeps its state in memory on every backend need not listen.
         */
        default void writeBehind(boolean backendSerializesState) {
        }

        /** Whether what is kept in memory should be written back now. */
        boolean writeBehindFull();

        /** Writes what is kept in memory to keyed state; {@code setKey} switches the backend's key. */
        void writeBack(Consumer<String> setKey) throws Exception;
    }

    private WriteBehindOperator(KeyedProcessFunction<String, I, O> function) {
        super(function);
    }

    public static <I, O, F extends KeyedProcessFunction<String, I, O> & WritesBehind> WriteBehindOperator<I, O> of(F function) {
        return new WriteBehindOperator<>(function);
    }

    @Override
    public void open() throws Exception {
        // A backend whose values are safe to reuse hands out fresh copies, i.e. it serializes state
        // (RocksDB); on heap the state is memory already and a cache would only add a look-up.
        function().writeBehind(getKeyedStateBackend().isSafeToReuseKVState());
        super.open();
    }

    @Override
    public void processElement(StreamRecord<I> element) throws Exception {
        super.processElement(element);
        if (function().writeBehindFull()) {
            writeBack();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        writeBack();
    }

    private WritesBehind function() {
        return (WritesBehind) userFunction;
    }

    private void writeBack() throws Exception {
        Object own = getCurrentKey();
        function().writeBack(this::setCurrentKey);
        if (own != null) {
            setCurrentKey(own);
        }
    }
}
