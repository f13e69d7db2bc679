package com.snapmap.job;

import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.PhotoWrite;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * DESIGN.md §2 step 7, keyed by local label: turns the registry's decisions into idempotent photo
 * writes: one per assigned photo, and one label-wide write (an updateMany over
 * {@code clusterLabel}) per relabel. A relabel to the id the label already has is dropped. The
 * label's state goes when its event closes.
 */
public class PhotoLabeler extends KeyedProcessFunction<String, LabelFact, PhotoWrite> {

    private transient ValueState<String> eventId;
    private transient ValueState<Long> expireAt;

    @Override
    public void open(OpenContext openContext) {
        eventId = getRuntimeContext().getState(new ValueStateDescriptor<>("event-id", Types.STRING));
        expireAt = getRuntimeContext().getState(new ValueStateDescriptor<>("expire-at", Types.LONG));
    }

    @Override
    public void processElement(LabelFact f, Context ctx, Collector<PhotoWrite> out) throws Exception {
        if (f.kind == LabelFact.Kind.ASSIGN) {
            out.collect(PhotoWrite.photo(f.photoId, f.label, f.eventId));
        } else if (!f.eventId.equals(eventId.value())) {
            out.collect(PhotoWrite.label(f.label, f.eventId));
        }
        eventId.update(f.eventId);
        Long known = expireAt.value();
        if (f.expireAt != Long.MAX_VALUE && (known == null || f.expireAt > known)) {
            if (known != null) {
                ctx.timerService().deleteEventTimeTimer(known);
            }
            expireAt.update(f.expireAt);
            ctx.timerService().registerEventTimeTimer(f.expireAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PhotoWrite> out) {
        eventId.clear();
        expireAt.clear();
    }
}
