package com.snapmap.job;

import com.snapmap.core.geo.CellCover;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.Erasure;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Routes a photo's erasure (docs/SEMANTICS.md, "Deleting a photo") to the photo's home region, as
 * {@link RouteToCells} routes its upload, so the region's linker can tell its registry which cluster
 * counted it: the open event's photoCount drops at once. Its halo copies stay (they never count).
 * Routed with the configured region precision: after a restore that keeps another one (logged by
 * {@link RouteToCells}) an erasure misses its region, and its event's count waits for the cold path.
 */
public class RouteErasures extends RichMapFunction<Erasure, CellPhoto> {

    private final ClusteringConfig config;
    private transient CellCover cover;

    public RouteErasures(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        cover = new CellCover(config.cellPrecision(), config.radiusMeters());
    }

    @Override
    public CellPhoto map(Erasure e) {
        return CellPhoto.erasure(cover.homeCell(e.lat, e.lon), e.photoId, e.takenAt, e.lat, e.lon);
    }
}
