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
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
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
 *       event is visited a few times in its life instead of holding a timer of its own.
 * </ul>
 */
public class EventRegistry extends KeyedProcessFunction<String, LinkFact, LabelFact>
        implements CheckpointedFunction, WriteBehindOperator.WritesBehind {

    private static final String ROOT = "r";
    private static final String HALO = "h";

    public static final OutputTag<EventDocument> EVENTS =
            new OutputTag<>("events", TypeInformation.of(EventDocument.class));

    private final ClusteringConfig config;
    /** Root states, margin-join entries and unwritten sweep chunks kept in memory at most (each). */
    private final int cacheCapacity;

    /** Root states, cached on backends that serialize (see {@link WriteBehindOperator}). */
    private transient WriteBehindCache<RootState> roots;
    private boolean writeBehind;
    /** Margin-join entries by photo, cached like the roots. */
    private transient WriteBehindCache<HaloHome> haloHomes;
    private transient RegionClusters clusters;
    private transient MarginJoin margins;
    private transient Emit emit;
    private transient CoalescedFlush flushes;
    /** Roots ("r" + root) and margin-join photos ("h" + photoId) by the sweep that may forget them. */
    private transient SweepIndex due;
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
        this.config = config;
        this.cacheCapacity = cacheCapacity;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        flushes = new CoalescedFlush(context, getRuntimeContext().getTaskInfo(), config.flushIntervalMillis());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        flushes.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        roots = new WriteBehindCache<>(EntryStore.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("roots", Types.STRING, RootStateSerializer.stateType()))), cacheCapacity);
        haloHomes = new WriteBehindCache<>(EntryStore.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("halo-homes", Types.STRING, TypeInformation.of(HaloHome.class)))), cacheCapacity);
        clusters = new RegionClusters(config, roots,
                EntryStore.of(getRuntimeContext().getMapState(new MapStateDescriptor<>("parent", Types.STRING, Types.STRING))),
                EntryStore.of(getRuntimeContext().getMapState(
                        new MapStateDescriptor<>("members", Types.STRING, Types.OBJECT_ARRAY(Types.STRING)))));
        margins = new MarginJoin(config, haloHomes);
        emit = new Emit();
        due = new SweepIndex(getRuntimeContext(), "due");
        if (writeBehind) {
            roots.enable();
            haloHomes.enable();
            due.writeBehind();
        }
        sweeps = new HashMap<>();
        renames = getRuntimeContext().getMetricGroup().counter("provisionalIdsRenamed");
        merges = getRuntimeContext().getMetricGroup().counter("eventMerges");
    }

    @Override
    public void processElement(LinkFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        Emit e = emit.at(ctx, out);
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
        Emit e = emit.at(ctx, out);
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
    private final class Emit implements RegionClusters.Decisions, MarginJoin.Joins {

        private Context ctx;
        private Collector<LabelFact> out;

        /** Points the caches at the current key and the output at this call's. */
        Emit at(Context ctx, Collector<LabelFact> out) {
            this.ctx = ctx;
            this.out = out;
            roots.at(ctx.getCurrentKey());
            haloHomes.at(ctx.getCurrentKey());
            return this;
        }

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
        public void tombstone(String oldId, RootState survivor) {
            ctx.output(EVENTS, EventDocument.tombstone(oldId, survivor.publishedId, survivor.summary.count, now(ctx)));
        }

        @Override
        public void part(String root, RootState r, String[] fresh) throws Exception {
            flushes.unmark(ctx.getCurrentKey(), root);
            int tier = BorderTiers.firstTier(ctx.getCurrentKey());
            ctx.output(BorderTiers.tag(tier), BorderFact.part(BorderTiers.node(ctx.getCurrentKey(), tier), r.borderTiers,
                    root, r.summary.copy(), r.publishedId, fresh));
        }

        @Override
        public void changed(String root) throws Exception {
            flushes.mark(ctx.getCurrentKey(), root, ctx.timerService());
        }

        @Override
        public void settled(String root) throws Exception {
            flushes.unmark(ctx.getCurrentKey(), root);
        }

        @Override
        public void document(RootState r, boolean closed) {
            ctx.output(EVENTS, EventDocument.of(r.publishedId, r.summary, r.summary.count + (closed ? 1 : 0), closed,
                    now(ctx)));
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

    /** Root states, margin-join entries and sweep chunks are written behind, or not. */
    @Override
    public void writeBehind(boolean on) {
        writeBehind = on;
    }

    /** Whether the roots, margin-join entries or sweep chunks kept in memory should be written back now. */
    @Override
    public boolean writeBehindFull() {
        return roots.full() || haloHomes.full() || due.unwritten() > cacheCapacity;
    }

    /**
     * Writes the root states, margin-join entries and sweep chunks kept in memory to the keyed
     * state; {@code setKey} switches the backend's key.
     */
    @Override
    public void writeBack(Consumer<String> setKey) throws Exception {
        roots.writeBack(setKey);
        haloHomes.writeBack(setKey);
        due.writeBack(setKey);
    }

    static long now(Context ctx) {
        return ctx.timerService().currentProcessingTime();
    }
}
