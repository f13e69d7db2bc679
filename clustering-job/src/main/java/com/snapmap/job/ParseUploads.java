package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.SourceRecord;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import java.util.ArrayList;
import java.util.List;

/**
 * Bad input to the DLQ (docs/SEMANTICS.md, "Bad and late input"): the sources have parsed and validated each record ({@link SourceParser});
 * this routes what they found: an upload event on, an erasure on as well (behind its photo's upload,
 * on the same channel: docs/DELIVERY.md, "The job's part") and to its side output, a bad record to
 * the DLQ side output with its reason, a photo late by its own arrival ({@link UploadLateness}) to the
 * cold path's side output, whatever the watermark says at the moment it is read. A bad record never
 * fails the job. An upload read after its photo's erasure is dropped ({@link ErasedUploads}).
 */
public class ParseUploads extends ProcessFunction<SourceRecord, SourceRecord> implements CheckpointedFunction {

    public static final OutputTag<BadRecord> DLQ = new OutputTag<>("dlq", TypeInformation.of(BadRecord.class));
    /** Photos' erasures (docs/SEMANTICS.md, "Deleting a photo"), read from tombstones. */
    public static final OutputTag<Erasure> ERASURES = new OutputTag<>("erasures", TypeInformation.of(Erasure.class));
    /** Photos late by their arrival: the cold path's, as those {@link RouteToCells#TOO_LATE} finds late by the watermark. */
    public static final OutputTag<UploadEvent> LATE = new OutputTag<>("late", TypeInformation.of(UploadEvent.class));

    public static final String RECORDS_READ = "records-read";
    public static final String BAD_RECORDS = "bad-records";

    public static final String ERASED_UPLOADS = "erased-uploads";

    private final long latenessMillis;
    private final LongCounter recordsRead = new LongCounter();
    private final LongCounter badRecords = new LongCounter();
    private final UploadLateness lateness;
    private transient org.apache.flink.metrics.Counter deadLetters;
    private transient org.apache.flink.metrics.Counter late;
    private transient org.apache.flink.metrics.Counter erasedDropped;
    private transient ErasedUploads erased;
    private transient ListState<Tuple2<String, Long>> erasedState;

    public ParseUploads(ClusteringConfig config) {
        this.lateness = new UploadLateness(config);
        // The allowed lateness: how long an erased photo's upload could still be on time.
        this.latenessMillis = config.allowedLatenessMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // A union list: partitions (and so the uploads an erasure stops) may move between subtasks.
        erasedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>(ERASED_UPLOADS, Types.TUPLE(Types.STRING, Types.LONG)));
        erased = new ErasedUploads(latenessMillis);
        for (Tuple2<String, Long> e : erasedState.get()) {
            erased.restore(e.f0, e.f1);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple2<String, Long>> entries = new ArrayList<>();
        erased.entries().forEach((id, until) -> entries.add(Tuple2.of(id, until)));
        // After a restore every subtask holds the union, so an entry is kept once per subtask, not more.
        erasedState.update(entries);
    }

    @Override
    public void open(OpenContext openContext) {
        // Read by the file CLI to print progress on long inputs.
        getRuntimeContext().addAccumulator(RECORDS_READ, recordsRead);
        getRuntimeContext().addAccumulator(BAD_RECORDS, badRecords);
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        late = getRuntimeContext().getMetricGroup().counter("latePhotos");
        erasedDropped = getRuntimeContext().getMetricGroup().counter("erasedUploadsDropped");
    }

    @Override
    public void processElement(SourceRecord r, Context ctx, Collector<SourceRecord> out) {
        recordsRead.add(1);
        if (r.event != null) {
            if (erased.isErased(r.event.photoId)) {
                erasedDropped.inc(); // erased before this copy of its upload was read
                return;
            }
            if (lateness.isLate(r.event.takenAt, r.arrivedAt)) {
                late.inc();
                ctx.output(LATE, r.event);
                return;
            }
            out.collect(r);
            return;
        }
        if (r.erasure != null) {
            erased.erase(r.erasure.photoId, r.erasure.takenAt, ctx.timerService().currentWatermark());
            ctx.output(ERASURES, r.erasure);
            out.collect(r); // to the hot path, in order with the uploads it read before
            return;
        }
        badRecords.add(1);
        deadLetters.inc();
        ctx.output(DLQ, r.bad);
    }
}
