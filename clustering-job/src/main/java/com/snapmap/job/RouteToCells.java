package com.snapmap.job;

import com.snapmap.core.geo.CellCover;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.CellPhoto;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * DESIGN.md §2 step 3: each photo goes to its home region (a geohash cell of
 * {@code cell-precision}) and, as a halo copy, to every other region that may hold a photo within
 * R of it (see {@link CellCover}). A photo later than the allowed lateness goes to the too-late
 * side output for the sweeper instead. Chained to the source: no shuffle before the linker.
 */
public class RouteToCells extends ProcessFunction<UploadEvent, CellPhoto> {

    public static final OutputTag<UploadEvent> TOO_LATE =
            new OutputTag<>("too-late", TypeInformation.of(UploadEvent.class));

    private final ClusteringConfig config;
    private transient CellCover cover;
    private transient Counter tooLate;
    private transient Counter routed;

    public RouteToCells(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        cover = config.cellCover();
        tooLate = getRuntimeContext().getMetricGroup().counter("tooLatePhotos");
        routed = getRuntimeContext().getMetricGroup().counter("photosRouted");
    }

    @Override
    public void processElement(UploadEvent e, Context ctx, Collector<CellPhoto> out) {
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
