package com.snapmap.job;

import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.LinkFact;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * De-duplication and linking (docs/HOT-PATH.md, "Linear work per photo"), keyed by region: links each photo at once against
 * the region's recent photos (home and halo copies) and reports what it learnt.
 * <ul>
 *   <li>a copy of a photo already held is a duplicate delivery and is dropped;
 *   <li>a home photo that links nothing starts a local cluster {@code region/photoId}; one that
 *       links several joins the smallest label and reports UNIONs for the others;
 *   <li>a halo photo never joins; the clusters it touches are reported as TOUCH facts to both
 *       regions concerned (the photo's home region joins them, the other learns of the border);
 *   <li>a photo is forgotten once {@code watermark > takenAt + W + lateness};
 *   <li>an erasure of a photo it holds goes to the registry with the photo's label (ERASE).
 * </ul>
 *
 * <p>The linker works from a time-ordered spatial index in memory ({@link LinkIndex}); keyed state
 * holds the same photos in chunks by clean-up sweep ({@link PhotoChunks}), only to rebuild the
 * index on a region's first use after a restore. The de-duplication asks the index, so a photo
 * reads no state, and in its {@link WriteBehindOperator} a photo costs a share of one chunk write
 * (a sweep drops whole chunks), so the same however crowded its region is, on heap and on RocksDB.
 * Clean-up timers are coalesced to {@link ClusteringConfig#SWEEP_GRANULARITY_MS}.
 */
public class CellLinker extends KeyedProcessFunction<String, CellPhoto, LinkFact>
        implements CheckpointedFunction, WriteBehindOperator.WritesBehind {

    private final ClusteringConfig config;

    private transient PhotoChunks photos;
    /** Per region, built on first access in this task's lifetime. */
    private transient Map<String, Region> regions;
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

    /** A region's index and what its state holds. */
    private static final class Region {
        final LinkIndex index;
        final PhotoChunks.Region stored;

        Region(LinkIndex index, PhotoChunks.Region stored) {
            this.index = index;
            this.stored = stored;
        }
    }

    @Override
    public boolean writeBehindFull() {
        return false; // a full chunk is written at once, under its own region's key
    }

    @Override
    public void writeBack(Consumer<String> setKey) throws Exception {
        photos.writeBack(setKey);
    }

    @Override
    public void open(OpenContext openContext) {
        photos = new PhotoChunks(getRuntimeContext()); // chunks fill in memory on every backend
        regions = new HashMap<>();
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicatePhotos");
    }

    @Override
    public void processElement(CellPhoto p, Context ctx, Collector<LinkFact> out) throws Exception {
        Region region = region(ctx.getCurrentKey());
        LinkIndex index = region.index;
        if (p.erasure) {
            erase(p, ctx.getCurrentKey(), region, out);
            return;
        }
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
        long forgetAt = config.sweepAt(p.takenAt);
        photos.add(region.stored, forgetAt, p);
        if (index.timers.add(forgetAt)) { // most photos of a region share a pending one
            ctx.timerService().registerEventTimeTimer(forgetAt);
        }
    }

    /**
     * A photo's erasure: its registry learns which cluster counted it (docs/SEMANTICS.md, "Deleting a
     * photo"). The photo stays in the index (and in state) until it is forgotten, so later photos
     * still link through it: the cold path re-forms the event from its remaining photos once it has
     * closed. A photo no longer held (forgotten, or never here) is the cold path's alone.
     */
    private void erase(CellPhoto e, String key, Region region, Collector<LinkFact> out) {
        String label = region.index.labelOf(e);
        if (label != null) {
            out.collect(LinkFact.erase(e, label));
        } else if (region.index.size() == 0) {
            regions.remove(key); // made for this erasure alone
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LinkFact> out) throws Exception {
        String key = ctx.getCurrentKey();
        Region region = region(key);
        region.index.timers.remove(timestamp);
        region.index.evictUpTo(config.lastForgottenAt(timestamp));
        photos.forgetUpTo(region.stored, timestamp); // the chunks of the photos just evicted
        if (region.index.size() == 0) {
            regions.remove(key);
        }
    }

    private Region region(String key) throws Exception {
        Region region = regions.get(key);
        if (region == null) {
            LinkIndex index = new LinkIndex(key, config.linkRule());
            region = new Region(index, restored ? photos.restore(key, index::add) : photos.empty(key));
            regions.put(key, region);
        }
        return region;
    }
}
