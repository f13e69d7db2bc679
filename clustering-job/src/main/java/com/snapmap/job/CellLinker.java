package com.snapmap.job;

import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.LinkFact;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * DESIGN.md §2 steps 2 (de-duplication) and 4, keyed by region: links each photo at once against
 * the region's recent photos (home and halo copies) and reports what it learnt.
 * <ul>
 *   <li>a copy of a photo already held is a duplicate delivery and is dropped;
 *   <li>a home photo that links nothing starts a local cluster {@code region/photoId}; one that
 *       links several joins the smallest label and reports UNIONs for the others;
 *   <li>a halo photo never joins; the clusters it touches are reported as TOUCH facts to both
 *       regions concerned (the photo's home region joins them, the other learns of the border);
 *   <li>a photo is forgotten once {@code watermark > takenAt + W + lateness}.
 * </ul>
 *
 * <p>State is one MapState entry per photo (so a photo costs the same however crowded its region
 * is, on heap and on RocksDB); the time-ordered spatial index ({@link LinkIndex}) is rebuilt from
 * it on first use after a restore. The index holds exactly what the state holds, so the
 * de-duplication asks the index: on RocksDB a photo costs one state write and no read.
 * Clean-up timers are coalesced to {@link ClusteringConfig#SWEEP_GRANULARITY_MS}.
 */
public class CellLinker extends KeyedProcessFunction<String, CellPhoto, LinkFact> implements CheckpointedFunction {

    private final ClusteringConfig config;

    private transient MapState<String, CellPhoto> photos;
    /** Derived from {@link #photos}; per region, built on first access in this task's lifetime. */
    private transient Map<String, LinkIndex> indexes;
    private transient Counter duplicates;
    /**
     * Started from a checkpoint: a region's state may hold photos its index has not seen. Without
     * a restore every photo in state went through an index, so a new index starts empty (on RocksDB
     * the scan of an emptied region's prefix steps over the tombstones of its earlier photos).
     */
    private transient boolean restored;

    public CellLinker(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        restored = context.isRestored();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // Nothing beyond the keyed state: the index is derived from it.
    }

    @Override
    public void open(OpenContext openContext) {
        photos = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("photos", Types.STRING, CellPhoto.pojoType()));
        indexes = new HashMap<>();
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatePhotos");
    }

    @Override
    public void processElement(CellPhoto p, Context ctx, Collector<LinkFact> out) throws Exception {
        LinkIndex index = index(ctx.getCurrentKey());
        if (index.contains(p.photoId)) {
            duplicates.inc(); // a gateway retry or a sweeper re-drive: the first copy counts
            return;
        }
        LinkIndex.Links links = index.find(p);
        if (p.home) {
            p.label = links.homeLabels.isEmpty() ? LinkFact.newLabel(p.cell, p.photoId) : links.homeLabels.first();
            out.collect(LinkFact.assign(p, p.label));
            for (String other : links.homeLabels) {
                if (!other.equals(p.label)) {
                    out.collect(LinkFact.union(p.cell, p.photoId, p.takenAt, p.label, other));
                }
            }
            for (CellPhoto halo : links.halos) {
                long knownAt = Math.max(p.takenAt, halo.takenAt);
                out.collect(LinkFact.touch(LinkFact.Kind.TOUCH_HOME, halo.homeCell, halo, p.label, knownAt));
                out.collect(LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, p.cell, halo, p.label, knownAt));
            }
        } else {
            for (String label : links.homeLabels) {
                out.collect(LinkFact.touch(LinkFact.Kind.TOUCH_HOME, p.homeCell, p, label, p.takenAt));
                out.collect(LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, p.cell, p, label, p.takenAt));
            }
        }
        index.add(p);
        photos.put(p.photoId, p);
        long forgetAt = config.sweepAt(p.takenAt);
        if (index.timers.add(forgetAt)) { // most photos of a region share a pending one
            ctx.timerService().registerEventTimeTimer(forgetAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LinkFact> out) throws Exception {
        String region = ctx.getCurrentKey();
        LinkIndex index = index(region);
        index.timers.remove(timestamp);
        for (CellPhoto gone : index.evictUpTo(config.lastForgottenAt(timestamp))) {
            photos.remove(gone.photoId);
        }
        if (index.size() == 0) {
            indexes.remove(region);
        }
    }

    private LinkIndex index(String region) throws Exception {
        LinkIndex index = indexes.get(region);
        if (index == null) {
            index = new LinkIndex(region, config.linkRule());
            if (restored) {
                for (CellPhoto p : photos.values()) {
                    index.add(p);
                }
            }
            indexes.put(region, index);
        }
        return index;
    }
}
