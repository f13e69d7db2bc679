package com.snapmap.job;

import com.snapmap.core.Photo;
import com.snapmap.core.wire.UploadEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * DESIGN.md §2 step 2, keyed by photoId: an upload event delivered twice (a gateway retry, a
 * sweeper re-drive) is clustered once, within the lateness horizon; a photo later than the
 * allowed lateness goes to the too-late side output for the sweeper.
 */
public class DeduplicatePhotos extends KeyedProcessFunction<String, UploadEvent, Photo> {

    public static final OutputTag<UploadEvent> TOO_LATE =
            new OutputTag<>("too-late", TypeInformation.of(UploadEvent.class));

    private final ClusteringConfig config;
    private transient ValueState<Long> seen;

    public DeduplicatePhotos(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-taken-at", Types.LONG));
    }

    @Override
    public void processElement(UploadEvent e, Context ctx, Collector<Photo> out) throws Exception {
        if (seen.value() != null) {
            return; // a duplicate delivery: the first one is being clustered
        }
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && e.takenAt + config.allowedLatenessMillis() < watermark) {
            ctx.output(TOO_LATE, e);
            return;
        }
        seen.update(e.takenAt);
        // Past this point in event time no copy of the photo could be clustered anyway.
        ctx.timerService().registerEventTimeTimer(config.forgetAt(e.takenAt));
        out.collect(e.toPhoto());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Photo> out) {
        seen.clear();
    }
}
