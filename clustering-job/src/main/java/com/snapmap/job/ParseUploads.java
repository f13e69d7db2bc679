package com.snapmap.job;

import com.snapmap.core.wire.InvalidUploadEventException;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.RawRecord;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
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

    public static final String RECORDS_READ = "records-read";
    public static final String BAD_RECORDS = "bad-records";

    private final long maxFutureSkewMillis;
    private transient UploadEventCodec codec;
    private final LongCounter recordsRead = new LongCounter();
    private final LongCounter badRecords = new LongCounter();
    private transient org.apache.flink.metrics.Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        // Read by the file CLI to print progress on long inputs.
        getRuntimeContext().addAccumulator(RECORDS_READ, recordsRead);
        getRuntimeContext().addAccumulator(BAD_RECORDS, badRecords);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    public ParseUploads(long maxFutureSkewMillis) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<UploadEvent> out) {
        if (codec == null) {
            codec = new UploadEventCodec(Duration.ofMillis(maxFutureSkewMillis));
        }
        recordsRead.add(1);
        try {
            out.collect(codec.parse(raw.value, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
        } catch (InvalidUploadEventException e) {
            badRecords.add(1);
            deadLetters.inc();
            ctx.output(DLQ, new BadRecord(raw, e.field(), e.reason()));
        } catch (RuntimeException e) {
            // Whatever the parser did not foresee is still bad input, not a reason to restart.
            badRecords.add(1);
            deadLetters.inc();
            ctx.output(DLQ, new BadRecord(raw, null, "unparseable: " + e));
        }
    }
}
