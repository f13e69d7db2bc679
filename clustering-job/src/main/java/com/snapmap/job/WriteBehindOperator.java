package com.snapmap.job;

import java.util.function.Consumer;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
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

        /** Called before {@code open}: keep changed state in memory (true) or write it at once. */
        void writeBehind(boolean on);

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
        // On heap the state is memory already: a cache would only add a look-up.
        function().writeBehind(!(getKeyedStateBackend() instanceof HeapKeyedStateBackend));
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
