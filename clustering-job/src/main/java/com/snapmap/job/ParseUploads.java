package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.SourceRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Bad input to the DLQ (docs/SEMANTICS.md, "Bad and late input"): the sources have parsed and validated each record ({@link SourceParser});
 * this routes what they found: an upload event on, an erasure to its side output, a bad record to
 * the DLQ side output with its reason, a photo late by its own arrival ({@link UploadLateness}) to the
 * cold path's side output, whatever the watermark says at the moment it is read. A bad record never
 * fails the job.
 */
public class ParseUploads extends ProcessFunction<SourceRecord, UploadEvent> {

    public static final OutputTag<BadRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(BadRecord.class));
    /** Photos' erasures (docs/SEMANTICS.md, "Deleting a photo"), read from tombstones. */
    public static final OutputTag<Erasure> ERASURES = new OutputTag<>("erasures", TypeInformation.of(Erasure.class));
    /** Photos late by their arrival: the cold path's, as those {@link RouteToCells#TOO_LATE} finds late by the watermark. */
    public static final OutputTag<UploadEvent> LATE = new OutputTag<>("late", TypeInformation.of(UploadEvent.class));

    public static final String RECORDS_READ = "records-read";
    public static final String BAD_RECORDS = "bad-records";

    private final LongCounter recordsRead = new LongCounter();
    private final LongCounter badRecords = new LongCounter();
    private final UploadLateness lateness;
    private transient org.apache.flink.metrics.Counter deadLetters;
    private transient org.apache.flink.metrics.Counter late;

    public ParseUploads(ClusteringConfig config) {
        this.lateness = new UploadLateness(config);
    }

    @Override
    public void open(OpenContext openContext) {
        // Read by the file CLI to print progress on long inputs.
        getRuntimeContext().addAccumulator(RECORDS_READ, recordsRead);
        getRuntimeContext().addAccumulator(BAD_RECORDS, badRecords);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        late = getRuntimeContext().getMetricGroup().counter("latePhotos");
    }

    @Override
    public void processElement(SourceRecord r, Context ctx, Collector<UploadEvent> out) {
        recordsRead.add(1);
        if (r.event != null && lateness.isLate(r.event.takenAt, r.arrivedAt)) {
            late.inc();
            ctx.output(LATE, r.event);
            return;
        }
        if (r.event != null) {
            out.collect(r.event);
            return;
        }
        if (r.erasure != null) {
            ctx.output(ERASURES, r.erasure);
            return;
        }
        badRecords.add(1);
        deadLetters.inc();
        ctx.output(DLQ, r.bad);
    }
}
