package com.snapmap.job;

import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs the {@link EventRegistry} with its root states cached ({@link RootCache}) and its sweep
 * chunks written behind ({@link SweepIndex#writeBehind}) on backends that serialize state: writes
 * what it kept in memory back before every checkpoint barrier, and whenever that is full. A {@code KeyedProcessFunction} cannot switch keys or act before the barrier,
 * hence this operator; everything else is the plain keyed process operator.
 */
public final class EventRegistryOperator extends KeyedProcessOperator<String, LinkFact, LabelFact> {

    private static final long serialVersionUID = 1L;

    public EventRegistryOperator(EventRegistry registry) {
        super(registry);
    }

    @Override
    public void open() throws Exception {
        // On heap the state is memory already: a cache would only add a look-up.
        registry().writeBehind(!(getKeyedStateBackend() instanceof HeapKeyedStateBackend));
        super.open();
    }

    @Override
    public void processElement(StreamRecord<LinkFact> element) throws Exception {
        super.processElement(element);
        if (registry().cacheFull()) {
            writeBack();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        writeBack();
    }

    private EventRegistry registry() {
        return (EventRegistry) userFunction;
    }

    private void writeBack() throws Exception {
        Object own = getCurrentKey();
        registry().writeBack(this::setCurrentKey);
        if (own != null) {
            setCurrentKey(own);
        }
    }
}
