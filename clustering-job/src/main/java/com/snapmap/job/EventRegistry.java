package com.snapmap.job;

import com.carrotsearch.hppc.LongHashSet;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.HaloHome;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.RootState;
import com.snapmap.job.model.RootStateSerializer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The event registry (docs/HOT-PATH.md, "No single key"), keyed by region: the Flink adapter of a
 * region's {@link RegionClusters} (union–find, id rule, summaries) and its {@link MarginJoin}. It
 * holds their state, applies facts at once as they arrive (freshness) and turns their decisions into
 * output and timers:
 *
 * <ul>
 *   <li>label answers and relabels downstream, tombstones and documents to {@link #EVENTS}, a border
 *       cluster's parts and edges to the region's node of the first tier of the merge
 *       ({@link BorderTiers}), always the same one, so the part's updates stay in order;
 *   <li>documents coalesced: a changed event is emitted once per
 *       {@link ClusteringConfig#flushIntervalMillis()} of processing time, not once per photo;
 *   <li>once {@code watermark > endAt + W + lateness} the event is emitted {@code closed} and
 *       forgotten with its labels: nothing that can still arrive links to it. Expiry is checked by a
 *       sweep on a coarse grid of event time ({@link ClusteringConfig#SWEEP_GRANULARITY_MS}), so each
 *       event is visited a few times in its life instead of holding a timer of its own. The sweep
 *       index "due" files roots as "r" + root and margin-join photos as "h" + photoId.
 * </ul>
 */
public class EventRegistry extends WriteBehindFunction<LinkFact, LabelFact> {

    private static final String ROOT = "r";
    private static final String HALO = "h";

    public static final OutputTag<EventDocument> EVENTS =
            new OutputTag<>("events", TypeInformation.of(EventDocument.class));

    private transient RegionClusters clusters;
    private transient MarginJoin margins;
    private transient Emit emit;
    /**
     * Per key, the sweep timers pending: re-registering one is a no-op, but not free, and facts
     * arriving out of order alternate between two of them.
     */
    private transient Map<String, LongHashSet> sweeps;
    private transient Counter renames;
    private transient Counter merges;

    public EventRegistry(ClusteringConfig config) {
        this(config, WriteBehindCache.CAPACITY);
    }

    /** With caches of at most {@code cacheCapacity} entries each (on backends that serialize). */
    EventRegistry(ClusteringConfig config, int cacheCapacity) {
        super(config, cacheCapacity);
    }

    /** Root states and margin-join entries are cached on backends that serialize (see {@link WriteBehindOperator}). */
    @Override
    protected void openState() {
        clusters = new RegionClusters(config, cached("roots", RootStateSerializer.stateType()),
                store("parent", Types.STRING), store("members", Types.OBJECT_ARRAY(Types.STRING)), erased);
        margins = new MarginJoin(config, cached("halo-homes", TypeInformation.of(HaloHome.class)));
        emit = new Emit();
        sweeps = new HashMap<>();
        renames = getRuntimeContext().getMetricGroup().counter("provisionalIdsRenamed");
        merges = getRuntimeContext().getMetricGroup().counter("eventMerges");
    }

    @Override
    public void processElement(LinkFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        Emit e = emit;
        e.start(ctx, out);
        switch (f.kind) {
            case ASSIGN:
                clusters.assign(f.photoId, f.label, f.opensLabel(), f.takenAt, f.lat, f.lon, e);
                if (f.hasHalo) {
                    margins.labelled(f.photoId, f.label, f.takenAt, e);
                }
                break;
            case UNION:
                clusters.union(f.label, f.otherLabel, e);
                break;
            case TOUCH_HOME:
                margins.touched(f.photoId, f.label, f.takenAt, e);
                break;
            case TOUCH_AWAY:
                // f.otherLabel: the touching photo's home region
                clusters.toBorder(f.label, BorderTiers.tierOf(ctx.getCurrentKey(), f.otherLabel), e);
                break;
            case ERASE:
                clusters.erase(f.photoId, f.label, e);
                return; // nothing new to sweep

            default:
                throw new IllegalStateException("unknown fact " + f.kind);
        }
        long sweep = config.sweepAt(f.takenAt);
        if (sweeps.computeIfAbsent(ctx.getCurrentKey(), k -> new LongHashSet()).add(sweep)) {
            ctx.timerService().registerEventTimeTimer(sweep);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelFact> out) throws Exception {
        Emit e = emit;
        e.start(ctx, out);
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            for (String root : flushes.drain(ctx.getCurrentKey())) {
                clusters.flush(root, e);
            }
        } else {
            LongHashSet pending = sweeps.get(ctx.getCurrentKey());
            if (pending != null && pending.remove(timestamp) && pending.isEmpty()) {
                sweeps.remove(ctx.getCurrentKey());
            }
            expire(timestamp, ctx.getCurrentKey(), e);
        }
    }

    /** Closes and forgets the events nothing can link to any more, and the margin join's photos. */
    private void expire(long time, String key, Emit e) throws Exception {
        // Each id was added for the sweep its entry may be forgotten at; one whose expiry moved
        // later since is in a later sweep too, and one already forgotten is gone: re-check each.
        Map<String, RootState> closed = new TreeMap<>(); // closed in order of root
        long last = config.lastForgottenAt(time);
        for (String id : due.take(key, time)) {
            String entry = id.substring(1);
            if (id.startsWith(ROOT)) {
                RootState r = closed.containsKey(entry) ? null : clusters.expiring(entry, time);
                if (r != null) {
                    closed.put(entry, r);
                }
            } else {
                margins.expire(entry, last);
            }
        }
        // no isEmpty()/clear(): on RocksDB each is a seek over the deleted entries
        for (Map.Entry<String, RootState> c : closed.entrySet()) {
            clusters.close(c.getKey(), c.getValue(), e);
        }
    }

    /** The clusters' and the margin join's decisions as this function's output and timers, for the current call. */
    private final class Emit extends Call implements RegionClusters.Decisions, MarginJoin.Joins {

        @Override
        public void assign(String photoId, String label, RootState r) {
            out.collect(LabelFact.assign(photoId, label, r.publishedId, r.summary.firstTakenAt, r.summary.firstPhotoId,
                    r.expireAt));
        }

        @Override
        public void relabel(String label, RootState r) {
            out.collect(LabelFact.relabel(label, r.publishedId, r.summary.firstTakenAt, r.summary.firstPhotoId,
                    r.expireAt));
        }

        @Override
        public void tombstone(String oldId, RootState survivor, int erasedCount) {
            ctx.output(EVENTS, EventDocument.tombstone(oldId, survivor.publishedId, survivor.summary.count - erasedCount,
                    erasedCount, now(ctx)));
        }

        @Override
        public void part(String root, RootState r, String[] fresh, String[] erasedIds) throws Exception {
            flushes.unmark(ctx.getCurrentKey(), root);
            int tier = BorderTiers.firstTier(ctx.getCurrentKey());
            BorderFact part = BorderFact.part(BorderTiers.node(ctx.getCurrentKey(), tier), r.borderTiers,
                    root, r.summary.copy(), r.publishedId, fresh);
            part.erased = erasedIds;
            ctx.output(BorderTiers.tag(tier), part);
        }

        @Override
        public void document(RootState r, int erasedCount, boolean closed) {
            ctx.output(EVENTS, EventDocument.hot(r.publishedId, r.summary, erasedCount, closed, now(ctx), config.placeLookup()));
        }

        @Override
        public void expiresAt(String root, long expireAt) throws Exception {
            due.add(ctx.getCurrentKey(), config.onSweepGrid(expireAt), ROOT + root);
        }

        @Override
        public void renamed() {
            renames.inc();
        }

        @Override
        public void merged() {
            merges.inc();
        }

        @Override
        public void edge(String ownLabel, String otherLabel) throws Exception {
            String region = ctx.getCurrentKey();
            int tier = BorderTiers.tierOf(region, BorderTiers.regionOf(otherLabel));
            clusters.toBorder(ownLabel, tier, this);
            ctx.output(BorderTiers.tag(tier),
                    BorderFact.edge(BorderTiers.node(region, tier), BorderTiers.bit(tier), ownLabel, otherLabel));
        }

        @Override
        public void forgettable(String photoId, long takenAt) throws Exception {
            due.add(ctx.getCurrentKey(), config.sweepAt(takenAt), HALO + photoId);
        }
    }
}
