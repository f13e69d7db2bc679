package com.snapmap.job;

import com.carrotsearch.hppc.LongHashSet;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.HaloHome;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.RootState;
import com.snapmap.job.model.RootStateSerializer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
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
 * The event registry and margin join (docs/HOT-PATH.md, "No single key"), keyed by region: a union–find over the region's local cluster
 * labels, each root carrying its event's summary, applied at once as facts arrive (freshness).
 *
 * <ul>
 *   <li>An event is named after its first photo by (takenAt, photoId). When two clusters merge,
 *       or a photo earlier than the first one joins, the id changes to the earlier first photo and
 *       the old id becomes a tombstone {@code {_id, mergedInto}}; every label of the event gets a
 *       RELABEL. The final ids are those of the reference clusterer whatever the arrival order:
 *       an id depends only on the members.
 *   <li>Margin join: a TOUCH for one of this region's photos (a halo copy of it linked a cluster of
 *       another region) meets the photo's own label here and becomes a border EDGE.
 *   <li>A cluster that crosses a region border is handed to the {@link BorderMerge}: from then on
 *       this region sends the cluster's part (summary, id, the labels it was not sent yet) instead of event documents, to
 *       the region's node of the first tier of the merge ({@link BorderTiers}), always the same
 *       one, so the part's updates stay in order.
 *   <li>Event documents are absolute and coalesced: a changed event is emitted once per
 *       {@link ClusteringConfig#flushIntervalMillis()} of processing time, not once per photo.
 *   <li>Once {@code watermark > endAt + W + lateness} the event is emitted {@code closed} and
 *       forgotten with its labels: nothing that can still arrive links to it. Expiry is checked by
 *       a sweep on a coarse grid of event time ({@link ClusteringConfig#SWEEP_GRANULARITY_MS}), so
 *       each event is visited a few times in its life instead of holding a timer of its own.
 * </ul>
 */
public class EventRegistry extends KeyedProcessFunction<String, LinkFact, LabelFact>
        implements CheckpointedFunction, WriteBehindOperator.WritesBehind {

    private static final String ROOT = "r";
    private static final String HALO = "h";
    private static final String[] NO_LABELS = new String[0];

    public static final OutputTag<EventDocument> EVENTS =
            new OutputTag<>("events", TypeInformation.of(EventDocument.class));

    private final ClusteringConfig config;
    /** Root states, margin-join entries and unwritten sweep chunks kept in memory at most (each). */
    private final int cacheCapacity;

    private transient KeyedUnionFind clusters;
    /** Root states, cached on backends that serialize (see {@link WriteBehindOperator}). */
    private transient WriteBehindCache<RootState> roots;
    private boolean writeBehind;
    /** Each root's labels ("members" state), in chunks. */
    private transient LabelChunks members;
    /** Margin-join entries by photo, cached like the roots. */
    private transient WriteBehindCache<HaloHome> haloHomes;
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
        clusters = new KeyedUnionFind(EntryStore.of(
                getRuntimeContext().getMapState(new MapStateDescriptor<>("parent", Types.STRING, Types.STRING))), false);
        roots = new WriteBehindCache<>(WriteBehindCache.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("roots", Types.STRING, RootStateSerializer.stateType()))), cacheCapacity);
        members = new LabelChunks(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("members", Types.STRING, Types.OBJECT_ARRAY(Types.STRING))));
        haloHomes = new WriteBehindCache<>(WriteBehindCache.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("halo-homes", Types.STRING, TypeInformation.of(HaloHome.class)))), cacheCapacity);
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
        roots.at(ctx.getCurrentKey());
        haloHomes.at(ctx.getCurrentKey());
        switch (f.kind) {
            case ASSIGN:
                assign(f, ctx, out);
                break;
            case UNION:
                union(f.label, f.otherLabel, ctx, out);
                break;
            case TOUCH_HOME:
                touchHome(f, ctx);
                break;
            case TOUCH_AWAY:
                // f.otherLabel: the touching photo's home region
                toBorder(rootOf(f.label), BorderTiers.tierOf(ctx.getCurrentKey(), f.otherLabel), ctx);
                break;
            default:
                throw new IllegalStateException("unknown fact " + f.kind);
        }
        long sweep = config.sweepAt(f.takenAt);
        if (sweeps.computeIfAbsent(ctx.getCurrentKey(), k -> new LongHashSet()).add(sweep)) {
            ctx.timerService().registerEventTimeTimer(sweep);
        }
    }

    private void assign(LinkFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        // A new label is a new root: no state to look it up in (on RocksDB two reads that miss).
        Root x = f.opensLabel() ? newRoot(f.label) : rootOf(f.label);
        String root = x.label;
        RootState r = x.state;
        String oldId = r.publishedId;
        long oldExpiry = r.expireAt;
        String firstBefore = r.summary.firstPhotoId;
        r.summary.add(f.photoId, f.takenAt, f.lat, f.lon);
        // The id is a name-based UUID (an MD5) of the first photo: derived again only when that changed.
        String newId = oldId != null && firstBefore == r.summary.firstPhotoId ? oldId : r.summary.eventId();
        r.publishedId = newId;
        r.expireAt = config.forgetAt(r.summary.endAt);
        roots.put(root, r);
        // The border merge closes a border event by the expiry it knows: tell it at once when the
        // part's expiry moves to a later sweep, never leave that to the processing-time flush.
        boolean expiryMoved = config.onSweepGrid(oldExpiry) != config.onSweepGrid(r.expireAt);
        if (expiryMoved) {
            dueRoot(ctx.getCurrentKey(), root, r.expireAt);
        }
        if (oldId != null && !oldId.equals(newId)) {
            // A photo older than the first one renames the event: same rule as a merge.
            renames.inc();
            if (r.border) {
                part(root, r, ctx); // the border merge tombstones the old part id
            } else {
                ctx.output(EVENTS, EventDocument.tombstone(oldId, newId, r.summary.count, now(ctx)));
                relabel(members.read(root, r.labels, 0), r, out);
            }
        }
        out.collect(LabelFact.assign(f.photoId, f.label, newId, r.summary.firstTakenAt, r.summary.firstPhotoId,
                r.expireAt));
        if (r.border && expiryMoved) {
            part(root, r, ctx);
        } else {
            markDirty(root, ctx);
        }
        if (f.hasHalo) {
            HaloHome h = haloHomes.get(f.photoId);
            String[] waiting = h == null ? new String[0] : h.waiting;
            if (h == null || config.sweepAt(h.takenAt) != config.sweepAt(f.takenAt)) {
                dueHalo(ctx.getCurrentKey(), f.photoId, f.takenAt);
            }
            h = new HaloHome();
            h.label = f.label;
            h.takenAt = f.takenAt;
            haloHomes.put(f.photoId, h);
            for (String other : waiting) {
                edge(f.label, other, ctx);
            }
        }
    }

    private void touchHome(LinkFact f, Context ctx) throws Exception {
        HaloHome h = haloHomes.get(f.photoId);
        if (h != null && h.label != null) {
            edge(h.label, f.label, ctx);
            return;
        }
        // The touch overtook the photo's own ASSIGN (they come from different linker subtasks).
        if (h == null) {
            h = new HaloHome();
        }
        String[] waiting = new String[h.waiting.length + 1];
        System.arraycopy(h.waiting, 0, waiting, 0, h.waiting.length);
        waiting[h.waiting.length] = f.label;
        long sweepBefore = h.waiting.length == 0 ? Long.MIN_VALUE : config.sweepAt(h.takenAt);
        h.waiting = waiting;
        h.takenAt = Math.max(h.takenAt, f.takenAt);
        haloHomes.put(f.photoId, h);
        if (config.sweepAt(h.takenAt) != sweepBefore) {
            dueHalo(ctx.getCurrentKey(), f.photoId, h.takenAt);
        }
    }

    private void edge(String ownLabel, String otherLabel, Context ctx) throws Exception {
        String region = ctx.getCurrentKey();
        int tier = BorderTiers.tierOf(region, BorderTiers.regionOf(otherLabel));
        toBorder(rootOf(ownLabel), tier, ctx);
        ctx.output(BorderTiers.tag(tier),
                BorderFact.edge(BorderTiers.node(region, tier), BorderTiers.bit(tier), ownLabel, otherLabel));
    }

    /**
     * From now on the border merge owns this cluster's documents; it has an edge in {@code tier}.
     * The part goes out at once whenever its tiers change: its node must know a part has edges
     * above it before it decides the part's event.
     */
    private void toBorder(Root x, int tier, Context ctx) throws Exception {
        String root = x.label;
        RootState r = x.state;
        int tiers = r.borderTiers | BorderTiers.bit(tier);
        if (!r.border || tiers != r.borderTiers) {
            r.border = true;
            r.borderTiers = tiers;
            roots.put(root, r);
            part(root, r, ctx);
        }
    }

    /**
     * Sends the cluster's part with the labels the border merge has not been sent yet (it keeps
     * every one it was sent): a part sent again at each flush of a growing event costs the same
     * however many labels the event has.
     */
    private void part(String root, RootState r, Context ctx) throws Exception {
        flushes.unmark(ctx.getCurrentKey(), root);
        if (!r.summary.isEmpty()) {
            String[] fresh = NO_LABELS;
            if (r.sentLabels < r.labels) {
                fresh = members.read(root, r.labels, r.sentLabels);
                r.sentLabels += fresh.length;
                roots.put(root, r);
            }
            int tier = BorderTiers.firstTier(ctx.getCurrentKey());
            ctx.output(BorderTiers.tag(tier), BorderFact.part(BorderTiers.node(ctx.getCurrentKey(), tier), r.borderTiers, root,
                    r.summary.copy(), r.publishedId, fresh));
        }
    }

    private void union(String a, String b, Context ctx, Collector<LabelFact> out) throws Exception {
        Root xa = rootOf(a);
        Root xb = rootOf(b);
        if (xa.label.equals(xb.label)) {
            return;
        }
        if (clusters.union(xa.label, xa.state.labels, xb.label, xb.state.labels).survivor().equals(xb.label)) {
            Root t = xa;
            xa = xb;
            xb = t;
        }
        int countA = xa.state.labels;
        int countB = xb.state.labels;
        String ra = xa.label;
        String rb = xb.label;
        RootState sa = xa.state;
        RootState sb = xb.state;
        merges.inc();
        String idA = sa.publishedId;
        String idB = sb.publishedId;
        boolean borderA = sa.border;
        boolean borderB = sb.border;
        int tiers = sa.borderTiers | sb.borderTiers;
        long expiryBefore = sa.expireAt;
        sa.summary.merge(sb.summary);
        sa.border = borderA || borderB;
        sa.borderTiers = tiers;
        sa.publishedId = sa.summary.isEmpty() ? null : sa.summary.eventId();
        sa.expireAt = sa.summary.isEmpty() ? Long.MAX_VALUE : config.forgetAt(sa.summary.endAt);
        // The survivor's own labels are read only when they must be relabelled.
        String[] ma = retiring(borderA, idA, sa) ? members.read(ra, countA, 0) : null;
        String[] mb = members.read(rb, countB, 0);
        members.append(ra, countA, mb);
        sa.labels = countA + countB;
        roots.remove(rb);
        members.remove(rb, countB);
        flushes.unmark(ctx.getCurrentKey(), rb);
        roots.put(ra, sa);
        if (sa.expireAt != Long.MAX_VALUE && config.onSweepGrid(expiryBefore) != config.onSweepGrid(sa.expireAt)) {
            dueRoot(ctx.getCurrentKey(), ra, sa.expireAt);
        }
        if (sa.publishedId == null) {
            return;
        }
        // A side the border merge does not know yet is retired here; a border side's old part id
        // is tombstoned by the border merge, which sees every part id.
        if (ma != null) {
            retire(idA, ma, sa, ctx, out);
        }
        if (retiring(borderB, idB, sa)) {
            retire(idB, mb, sa, ctx, out);
        }
        if (sa.border) {
            part(ra, sa, ctx);
        } else {
            markDirty(ra, ctx);
        }
    }

    /** Whether a side of a merge, not yet known to the border merge, lost its id (see retire). */
    private static boolean retiring(boolean border, String oldId, RootState survivor) {
        return !border && survivor.publishedId != null && !survivor.publishedId.equals(oldId);
    }

    /** The side of a merge whose id did not survive: tombstone it, relabel its labels. */
    private void retire(String oldId, String[] labels, RootState survivor, Context ctx, Collector<LabelFact> out) {
        if (oldId != null) {
            ctx.output(EVENTS, EventDocument.tombstone(oldId, survivor.publishedId, survivor.summary.count, now(ctx)));
        }
        relabel(labels, survivor, out);
    }

    private static void relabel(String[] labels, RootState r, Collector<LabelFact> out) {
        for (String label : labels) {
            out.collect(LabelFact.relabel(label, r.publishedId, r.summary.firstTakenAt, r.summary.firstPhotoId,
                    r.expireAt));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelFact> out) throws Exception {
        roots.at(ctx.getCurrentKey());
        haloHomes.at(ctx.getCurrentKey());
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            flush(ctx);
        } else {
            LongHashSet pending = sweeps.get(ctx.getCurrentKey());
            if (pending != null && pending.remove(timestamp) && pending.isEmpty()) {
                sweeps.remove(ctx.getCurrentKey());
            }
            expire(timestamp, ctx);
        }
    }

    /** Emits every changed event once: a document, or for a border cluster its part. */
    private void flush(Context ctx) throws Exception {
        for (String root : flushes.drain(ctx.getCurrentKey())) {
            RootState r = roots.get(root);
            if (r == null || r.summary.isEmpty()) {
                continue;
            }
            if (r.border) {
                part(root, r, ctx);
            } else {
                ctx.output(EVENTS, EventDocument.of(r.publishedId, r.summary, r.summary.count, false, now(ctx)));
            }
        }
    }

    /** Closes and forgets the events nothing can link to any more, and the margin join's photos. */
    private void expire(long time, Context ctx) throws Exception {
        // Each id was added for the sweep its entry may be forgotten at; one whose expiry moved
        // later since is in a later sweep too, and one already forgotten is gone: re-check each.
        List<Root> closed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long last = config.lastForgottenAt(time);
        for (String id : due.take(ctx.getCurrentKey(), time)) {
            String key = id.substring(1);
            if (id.startsWith(ROOT)) {
                RootState r = roots.get(key);
                if (r != null && r.expireAt <= time && seen.add(key)) {
                    closed.add(new Root(key, r));
                }
            } else {
                HaloHome h = haloHomes.get(key);
                if (h != null && h.takenAt <= last) {
                    haloHomes.remove(key); // the last removal of a key also drops its map (heap and RocksDB)
                }
            }
        }
        close(closed, ctx); // no isEmpty()/clear(): on RocksDB each is a seek over the deleted entries
    }

    /** Files a root under the sweep that closes it once the watermark passes {@code expireAt}. */
    private void dueRoot(String key, String root, long expireAt) throws Exception {
        due.add(key, config.onSweepGrid(expireAt), ROOT + root);
    }

    /** Files a margin-join photo under the sweep that forgets a photo taken at {@code takenAt}. */
    private void dueHalo(String key, String photoId, long takenAt) throws Exception {
        due.add(key, config.sweepAt(takenAt), HALO + photoId);
    }

    private void close(List<Root> closed, Context ctx) throws Exception {
        closed.sort(Comparator.comparing(Root::label));
        for (Root x : closed) {
            String root = x.label;
            RootState r = x.state;
            if (r.border) {
                // Its last change may still wait for the flush: the border merge closes the whole
                // event at this same watermark and must have it first.
                part(root, r, ctx);
            } else if (!r.summary.isEmpty()) {
                ctx.output(EVENTS, EventDocument.of(r.publishedId, r.summary, r.summary.count + 1, true, now(ctx)));
            }
            clusters.forget(root, members.read(root, r.labels, 0));
            roots.remove(root);
            members.remove(root, r.labels);
            flushes.unmark(ctx.getCurrentKey(), root);
        }
    }

    private void markDirty(String root, Context ctx) throws Exception {
        flushes.mark(ctx.getCurrentKey(), root, ctx.timerService());
    }

    /** A union–find root and its state, as read (changes to the state are put by the caller). */
    private record Root(String label, RootState state) {}

    /**
     * The root of a label's cluster and its state: one read for a root. An unknown label becomes a
     * root of its own, written by the caller's put of its state (every caller puts a new root).
     */
    private Root rootOf(String label) throws Exception {
        RootState r = roots.get(label);
        if (r != null) {
            return new Root(label, r);
        }
        String root = clusters.find(label);
        return root.equals(label) ? newRoot(label) : new Root(root, roots.get(root));
    }

    /** A label no state knows yet, as the root of its own cluster (written by the caller's put). */
    private static Root newRoot(String label) {
        RootState r = new RootState();
        r.labels = 1;
        return new Root(label, r);
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
