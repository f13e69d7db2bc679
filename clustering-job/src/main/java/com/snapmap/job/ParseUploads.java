package com.snapmap.job;

import com.snapmap.core.wire.InvalidUploadEventException;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.RawRecord;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * DESIGN.md §2 step 1: parses and validates upload events. A bad record goes to the DLQ side
 * output with its reason; it never fails the job.
 */
public class ParseUploads extends ProcessFunction<RawRecord, UploadEvent> {

    public static final OutputTag<BadRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(BadRecord.class));

    private final long maxFutureSkewMillis;
    private transient UploadEventCodec codec;

    public ParseUploads(long maxFutureSkewMillis) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<UploadEvent> out) {
        if (codec == null) {
            codec = new UploadEventCodec(Duration.ofMillis(maxFutureSkewMillis));
        }
        try {
            out.collect(codec.parse(raw.value, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
        } catch (InvalidUploadEventException e) {
            ctx.output(DLQ, new BadRecord(raw, e.field(), e.reason()));
        } catch (RuntimeException e) {
            // Whatever the parser did not foresee is still bad input, not a reason to restart.
            ctx.output(DLQ, new BadRecord(raw, null, "unparseable: " + e));
        }
    }
}
