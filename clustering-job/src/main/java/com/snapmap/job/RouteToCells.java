package com.snapmap.job;

import com.snapmap.core.Photo;
import com.snapmap.core.geo.CellCover;
import com.snapmap.job.model.CellPhoto;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * DESIGN.md §2 step 3: each photo goes to its home cell and, as a halo copy, to every other cell
 * that may hold a photo within R of it (see {@link CellCover}).
 */
public class RouteToCells implements FlatMapFunction<Photo, CellPhoto> {

    private final int precision;
    private final double radiusMeters;
    private transient CellCover cover;

    public RouteToCells(ClusteringConfig config) {
        this.precision = config.cellPrecision();
        this.radiusMeters = config.radiusMeters();
    }

    @Override
    public void flatMap(Photo p, Collector<CellPhoto> out) {
        if (cover == null) {
            cover = new CellCover(precision, radiusMeters);
        }
        List<String> cells = cover.cover(p.lat, p.lon);
        for (int i = 0; i < cells.size(); i++) {
            out.collect(new CellPhoto(cells.get(i), i == 0, p.photoId, p.takenAt, p.lat, p.lon));
        }
    }
}
