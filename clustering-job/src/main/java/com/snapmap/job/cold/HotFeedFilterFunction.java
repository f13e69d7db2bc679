package com.snapmap.job.cold;

import com.snapmap.job.model.EventDocument;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Flink adapter of {@link HotFeedFilter}, keyed by event id, in front of the feed's sink: input 1
 * is the hot path's event documents, input 2 the cold path's. Both leave through it, so per event
 * the feed gets them in the order this operator saw them.
 *
 * <p>Its state is one version per event the cold path emitted, as many as the cold path's own
 * {@code emitted} state holds, kept without a time to live: a replay republishes the hot path's
 * versions of old events for as long as it takes to read the topic again.
 */
public class HotFeedFilterFunction extends KeyedCoProcessFunction<String, EventDocument, EventDocument, EventDocument> {

    private static final long serialVersionUID = 1L;

    /** Its one state: the highest version the cold path emitted of the current event. */
    static final String STATE = "cold-version";

    private transient HotFeedFilter filter;
    private transient Counter dropped;

    @Override
    public void open(OpenContext openContext) {
        ValueState<Long> cold = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, Types.LONG));
        filter = new HotFeedFilter(new HotFeedFilter.ColdVersion() {
            @Override
            public Long get() throws Exception {
                return cold.value();
            }

            @Override
            public void set(long version) throws Exception {
                cold.update(version);
            }
        });
        dropped = getRuntimeContext().getMetricGroup().counter("hotFeedRecordsDropped");
    }

    @Override
    public void processElement1(EventDocument hot, Context ctx, Collector<EventDocument> out) throws Exception {
        if (filter.passesHot(hot)) {
            out.collect(hot);
        } else {
            dropped.inc();
        }
    }

    @Override
    public void processElement2(EventDocument cold, Context ctx, Collector<EventDocument> out) throws Exception {
        filter.passCold(cold);
        out.collect(cold);
    }
}
