package com.snapmap.job;

import com.snapmap.core.cluster.LinkRule;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.LinkFact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * DESIGN.md §2 step 4, keyed by cell. Keeps the cell's recent photos (home and halo copies) in a
 * time-bucketed index and links each new photo against it:
 * <ul>
 *   <li>on-time photos wait until the watermark passes their takenAt and are linked in
 *       (takenAt, photoId) order, so labels do not depend on arrival order or parallelism;
 *   <li>a photo that arrives behind the watermark is linked at once;
 *   <li>a home photo that links nothing starts a local cluster {@code cell/photoId}; one that
 *       links several clusters joins the smallest label and reports UNIONs for the others;
 *   <li>a halo photo never joins; the clusters it touches are reported as TOUCH facts;
 *   <li>a bucket of photos is dropped once {@code watermark > takenAt + W + lateness}: nothing that
 *       can still arrive links them.
 * </ul>
 */
public class CellLinker extends KeyedProcessFunction<String, CellPhoto, LinkFact> {

    private static final Comparator<CellPhoto> LINK_ORDER =
            Comparator.comparingLong((CellPhoto p) -> p.takenAt).thenComparing(p -> p.photoId);

    private final LinkRule rule;
    private final ClusteringConfig config;
    private final long windowMillis;
    private final long bucketMillis;

    /** takenAt → photos waiting for the watermark. */
    private transient MapState<Long, CellPhoto[]> pending;
    /** bucket start → linked photos of that time bucket. */
    private transient MapState<Long, CellPhoto[]> index;

    public CellLinker(ClusteringConfig config) {
        this.rule = config.linkRule();
        this.config = config;
        this.windowMillis = config.windowMillis();
        // Buckets as wide as W: a photo's candidates lie in its own and the adjacent buckets.
        this.bucketMillis = Math.max(1_000L, windowMillis);
    }

    @Override
    public void open(OpenContext openContext) {
        TypeInformation<CellPhoto[]> photos = Types.OBJECT_ARRAY(TypeInformation.of(CellPhoto.class));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, photos));
        index = getRuntimeContext().getMapState(new MapStateDescriptor<>("index", Types.LONG, photos));
    }

    @Override
    public void processElement(CellPhoto p, Context ctx, Collector<LinkFact> out) throws Exception {
        if (p.takenAt <= ctx.timerService().currentWatermark()) {
            link(p, ctx, out); // late: the watermark has passed it already
            return;
        }
        pending.put(p.takenAt, StateArrays.append(pending.get(p.takenAt), p));
        ctx.timerService().registerEventTimeTimer(p.takenAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LinkFact> out) throws Exception {
        CellPhoto[] due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            Arrays.sort(due, LINK_ORDER);
            for (CellPhoto p : due) {
                link(p, ctx, out);
            }
        }
        evictBefore(timestamp);
    }

    private void link(CellPhoto p, Context ctx, Collector<LinkFact> out) throws Exception {
        TreeSet<String> homeLabels = new TreeSet<>();
        List<CellPhoto> linkedHalos = new ArrayList<>();
        for (long b = bucketOf(p.takenAt - windowMillis); b <= bucketOf(p.takenAt + windowMillis); b += bucketMillis) {
            CellPhoto[] bucket = index.get(b);
            if (bucket == null) {
                continue;
            }
            for (CellPhoto q : bucket) {
                if (!rule.linked(p.takenAt, p.lat, p.lon, q.takenAt, q.lat, q.lon)) {
                    continue;
                }
                if (q.home) {
                    homeLabels.add(q.label);
                } else if (p.home) {
                    linkedHalos.add(q);
                }
            }
        }
        if (p.home) {
            p.label = homeLabels.isEmpty() ? p.cell + "/" + p.photoId : homeLabels.first();
            out.collect(LinkFact.assign(p, p.label));
            for (String other : homeLabels) {
                if (!other.equals(p.label)) {
                    out.collect(LinkFact.union(p.photoId, p.takenAt, p.label, other));
                }
            }
            for (CellPhoto halo : linkedHalos) {
                // Stamped with the time the link became known, so the registry orders it after p.
                out.collect(LinkFact.touch(halo, p.label, Math.max(p.takenAt, halo.takenAt)));
            }
        } else {
            for (String label : homeLabels) {
                out.collect(LinkFact.touch(p, label, p.takenAt));
            }
        }
        long bucket = bucketOf(p.takenAt);
        index.put(bucket, StateArrays.append(index.get(bucket), p));
        ctx.timerService().registerEventTimeTimer(config.forgetAt(bucket + bucketMillis - 1));
    }

    /** Drops the buckets whose every photo may be forgotten at {@code time}. */
    private void evictBefore(long time) throws Exception {
        List<Long> stale = new ArrayList<>();
        for (Long b : index.keys()) {
            if (config.forgetAt(b + bucketMillis - 1) <= time) {
                stale.add(b);
            }
        }
        for (Long b : stale) {
            index.remove(b);
        }
    }

    private long bucketOf(long t) {
        return Math.floorDiv(t, bucketMillis) * bucketMillis;
    }
}
