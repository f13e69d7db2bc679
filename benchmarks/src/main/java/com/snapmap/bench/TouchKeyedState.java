package com.snapmap.bench;

import com.snapmap.core.Photo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** The floor's one trivial keyed-state update per record: a counter per key, then pass it on. */
public final class TouchKeyedState extends KeyedProcessFunction<String, Photo, Photo> {

    private static final long serialVersionUID = 1L;

    private transient ValueState<Long> seen;

    @Override
    public void open(OpenContext ctx) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.LONG));
    }

    @Override
    public void processElement(Photo p, Context ctx, Collector<Photo> out) throws Exception {
        Long n = seen.value();
        seen.update(n == null ? 1L : n + 1);
        out.collect(p);
    }
}
