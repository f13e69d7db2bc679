package com.snapmap.job;

import com.snapmap.core.geo.CellCover;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.SourceRecord;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing (docs/HOT-PATH.md, "The graph"): each photo goes to its home region (a geohash cell of
 * {@code cell-precision}) and, as a halo copy, to every other region that may hold a photo within
 * R of it (see {@link CellCover}). A photo the watermark has passed by more than the allowed
 * lateness goes to the too-late side output for the cold path instead (one late by its own arrival
 * never gets here: {@link ParseUploads} sends it there). Chained to the source: no shuffle before the linker.
 *
 * <p>A photo's erasure goes to the photo's home region alone, so that region's linker can tell its
 * registry which cluster counted it (docs/SEMANTICS.md, "Deleting a photo"). It leaves through the same
 * output as the uploads, so it reaches the linker behind its photo's upload read before it from the
 * same partition: an erasure routed by an operator of its own, unioned with this one's output, could
 * overtake its upload on the way, and the linker then did not know the photo and the hot path counted
 * it to the close. Routed with this subtask's precision, the restored one too.
 *
 * <p>The region precision decides the keys of all the linker's and registry's state, so it is
 * part of the savepoint: restored, the job keeps routing with the precision the savepoint was
 * taken with, whatever is configured (logged). Changing it means replaying from offsets.
 */
public class RouteToCells extends ProcessFunction<SourceRecord, CellPhoto> implements CheckpointedFunction {

    public static final OutputTag<UploadEvent> TOO_LATE =
            new OutputTag<>("too-late", TypeInformation.of(UploadEvent.class));

    private static final Logger LOG = LoggerFactory.getLogger(RouteToCells.class);

    private final ClusteringConfig config;
    private transient ListState<Integer> recorded;
    private transient int precision;
    private transient CellCover cover;
    private transient Counter tooLate;
    private transient Counter routed;

    public RouteToCells(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        recorded = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("region-precision", Types.INT));
        precision = config.cellPrecision();
        if (context.isRestored()) {
            int kept = precision;
            for (int p : recorded.get()) {
                kept = p;
            }
            if (kept != precision) {
                LOG.warn("clustering.cell-precision is {} but the restored state is keyed by regions of precision {}:"
                        + " keeping {} (to change it, start from Kafka offsets without a savepoint)", precision, kept, kept);
                precision = kept;
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        recorded.update(List.of(precision));
    }

    /** The precision this subtask routes with (the restored one after a restore). */
    int precision() {
        return precision;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        cover = new CellCover(precision, config.radiusMeters());
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLatePhotos");
        routed = getRuntimeContext().getMetricGroup().counter("photosRouted");
    }

    @Override
    public void processElement(SourceRecord r, Context ctx, Collector<CellPhoto> out) {
        if (r.erasure != null) {
            Erasure x = r.erasure;
            out.collect(CellPhoto.erasure(cover.homeCell(x.lat, x.lon), x.photoId, x.takenAt, x.lat, x.lon));
            return;
        }
        UploadEvent e = r.event;
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && e.takenAt + config.allowedLatenessMillis() < watermark) {
            tooLate.inc();
            ctx.output(TOO_LATE, e);
            return;
        }
        routed.inc();
        List<String> cells = cover.cover(e.lat, e.lon);
        String home = cells.get(0);
        int halos = cells.size() - 1;
        for (int i = 0; i < cells.size(); i++) {
            out.collect(new CellPhoto(cells.get(i), i == 0, home, halos, e.photoId, e.takenAt, e.lat, e.lon));
        }
    }
}
