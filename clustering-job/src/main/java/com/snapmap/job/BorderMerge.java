package com.snapmap.job;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.BorderComponent;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.BorderPart;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The border merge (docs/HOT-PATH.md, "The border merge in tiers"): the events whose clusters cross a region border, put
 * together from their parts (the way MR-DBSCAN merges partitions through their margins), one tier
 * of {@link BorderTiers} per instance, keyed by the tier's geohash prefix.
 *
 * <p>A union–find over local labels joins the parts linked by border EDGEs; the whole event's
 * summary is the merge of its parts' latest summaries, its id the one of its earliest first photo
 * (so the same as the reference clusterer's). Every part id that is not the event's id, and every
 * id the event had before, becomes a tombstone into it.
 *
 * <p>A component none of whose parts has edges above this tier is decided here: its labels are
 * relabelled and its documents written, coalesced like the regions'. One with such edges is handed
 * up whole, as one part, to this node's parent (at once the first time and when its id, its expiry
 * or its labels change, else once per flush interval); a node above decides it. A node sees only
 * border clusters of its own prefix, a part at most once per flush interval, never every photo.
 */
public class BorderMerge extends KeyedProcessFunction<String, BorderFact, LabelFact>
        implements CheckpointedFunction, WriteBehindOperator.WritesBehind {

    private static final String[] NO_LABELS = new String[0];

    private final ClusteringConfig config;
    private final int tier;

    private transient KeyedUnionFind forest;
    /** Parts and components: on RocksDB cached and written behind (see {@link WriteBehindOperator}). */
    private transient WriteBehindCache<BorderPart> parts;
    private transient WriteBehindCache<BorderComponent> components;
    private boolean writeBehind;
    /** Each component's labels, in chunks. */
    private transient LabelChunks labels;
    private transient CoalescedFlush flushes;
    /**
     * Component roots by the sweep that may close them, so a sweep reads only those (it read every
     * component of its node, all of a city's for the tier-1 node, at each sweep). A component with
     * no summary yet waits for its parts and is in no sweep.
     */
    private transient SweepIndex due;
    private transient LongCounter facts;

    /** @param tier which of {@link BorderTiers} this instance runs */
    public BorderMerge(ClusteringConfig config, int tier) {
        if (tier < 0 || tier >= BorderTiers.COUNT) {
            throw new IllegalArgumentException("border merge tier must be 0.." + BorderTiers.ROOT + ", got " + tier);
        }
        this.config = config;
        this.tier = tier;
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
        forest = new KeyedUnionFind(EntryStore.of(
                getRuntimeContext().getMapState(new MapStateDescriptor<>("parent", Types.STRING, Types.STRING))), true);
        parts = new WriteBehindCache<>(EntryStore.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("parts", Types.STRING, TypeInformation.of(BorderPart.class)))), WriteBehindCache.CAPACITY);
        components = new WriteBehindCache<>(EntryStore.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("components", Types.STRING, TypeInformation.of(BorderComponent.class)))),
                WriteBehindCache.CAPACITY);
        due = new SweepIndex(getRuntimeContext(), "due");
        if (writeBehind) {
            parts.enable();
            components.enable();
            due.writeBehind();
        }
        labels = new LabelChunks(EntryStore.of(getRuntimeContext().getMapState(
                new MapStateDescriptor<>("labels", Types.STRING, Types.OBJECT_ARRAY(Types.STRING)))));
        // Per tier, in the job's accumulators (web UI, JobExecutionResult): how far up events reach.
        facts = getRuntimeContext().getLongCounter(factsAccumulator(tier));
    }

    /** Name of the accumulator counting the border facts tier {@code tier} took in. */
    public static String factsAccumulator(int tier) {
        return "border-merge-facts-tier-" + tier;
    }

    @Override
    public void processElement(BorderFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        facts.add(1);
        parts.at(ctx.getCurrentKey());
        components.at(ctx.getCurrentKey());
        if (f.kind == BorderFact.Kind.EDGE) {
            Rooted x = union(f.label, f.otherLabel, ctx);
            update(x.root(), x.component() != null ? x.component() : components.get(x.root()), ctx, out);
        } else {
            Rooted x = part(f, ctx);
            update(x.root(), x.component(), ctx, out); // as changed: no second read of it
        }
    }

    /** A component's root and its state as last changed (null when not read). */
    private record Rooted(String root, BorderComponent component) {}

    private Rooted part(BorderFact f, Context ctx) throws Exception {
        // The part names only labels it did not name before: its own may be joined already.
        String root = rootOf(f.label);
        for (String m : f.members) {
            root = union(root, m, ctx).root();
        }
        BorderComponent c = components.get(root);
        c.tiers |= f.tiers;
        // The region's part only grows, and a part it absorbed comes back inside this one: take
        // the earlier contributions out of the counts, then merge the new summary (see forgetCounts).
        Map<String, String> live = new LinkedHashMap<>();
        for (int i = 0; i < c.parts.length; i++) {
            live.put(c.parts[i], c.partIds[i]);
        }
        for (String m : f.members) {
            BorderPart absorbed = m.equals(f.label) ? null : parts.get(m);
            if (absorbed != null) {
                c.whole.forgetCounts(absorbed.summary);
                parts.remove(m); // merged into this part inside its region
                live.remove(m);
            }
        }
        BorderPart previous = parts.get(f.label);
        if (previous != null) {
            c.whole.forgetCounts(previous.summary);
        }
        c.whole.merge(f.summary);
        live.put(f.label, f.partId);
        BorderPart p = new BorderPart();
        p.summary = f.summary;
        p.partId = f.partId;
        p.tiers = f.tiers; // its members are in the component's labels
        parts.put(f.label, p);
        c.parts = live.keySet().toArray(new String[0]);
        c.partIds = live.values().toArray(new String[0]);
        return new Rooted(root, c); // put by update(), which always follows
    }

    /** Recomputes the whole event of {@code root}; retires ids that did not survive; puts the component. */
    private void update(String root, BorderComponent c, Context ctx, Collector<LabelFact> out) throws Exception {
        EventSummary whole = c.whole;
        if (whole.isEmpty()) {
            components.put(root, c);
            return;
        }
        String id = whole.eventId();
        long expireAt = config.forgetAt(whole.endAt);
        long now = ctx.timerService().currentProcessingTime();
        String oldId = c.publishedId;
        long oldExpireAt = c.expireAt;
        // Every id a client may have seen for this event: what it was published as before, the
        // ids of events it absorbed, and the ids its regions published for their parts.
        List<String> seen = new ArrayList<>(Arrays.asList(c.retired));
        if (c.publishedId != null && !c.publishedId.equals(id)) {
            seen.add(c.publishedId);
            c.relabelled = 0;
        }
        seen.addAll(Arrays.asList(c.partIds));
        Set<String> done = new HashSet<>(Arrays.asList(c.tombstoned));
        List<String> tombstoned = new ArrayList<>(Arrays.asList(c.tombstoned));
        for (String old : seen) {
            if (old != null && !old.equals(id) && done.add(old)) {
                ctx.output(EventRegistry.EVENTS, EventDocument.tombstone(old, id, whole.count, now));
                tombstoned.add(old);
            }
        }
        c.tombstoned = tombstoned.toArray(new String[0]);
        c.retired = new String[0];
        c.publishedId = id;
        c.expireAt = expireAt;
        if (config.onSweepGrid(oldExpireAt) != config.onSweepGrid(expireAt)) {
            due.add(ctx.getCurrentKey(), config.onSweepGrid(expireAt), root);
        }
        ctx.timerService().registerEventTimeTimer(config.sweepAt(whole.endAt));
        String up = upTo(c, ctx);
        if (up == null) {
            if (c.relabelled < c.labelCount) {
                for (String label : labels(root, c, c.relabelled)) {
                    out.collect(LabelFact.relabel(label, id, whole.firstTakenAt, whole.firstPhotoId, expireAt));
                }
            }
            c.relabelled = c.labelCount;
            components.put(root, c);
            flushes.mark(ctx.getCurrentKey(), root, ctx.timerService());
        } else if (!up.equals(c.handedTo) || !id.equals(oldId) || c.labelCount != c.handedLabels
                || config.onSweepGrid(oldExpireAt) != config.onSweepGrid(expireAt)) {
            // The node above must hear at once the first time, when the id moves (it
            // tombstones the old one), when the expiry moves, and when labels join: the node above
            // may still hold one of them as a part of its own (sent there before it had an edge of
            // this tier) and would close that part by its own, earlier expiry.
            handUp(root, c, up, ctx);
        } else {
            components.put(root, c);
            flushes.mark(ctx.getCurrentKey(), root, ctx.timerService());
        }
    }

    /**
     * The node a component goes up to, or null when this node decides it: always this node's
     * parent, even when the component's next edges are higher up, so that every update of a part
     * travels one fixed path and arrives in order (a part that skipped a tier and later came
     * through it could overtake its own older copy).
     */
    private String upTo(BorderComponent c, Context ctx) {
        int above = BorderTiers.above(c.tiers, tier);
        return above == 0 ? null : BorderTiers.node(ctx.getCurrentKey(), tier + 1);
    }

    /**
     * Hands the whole component up as one part of the node above (which tombstones its id if it
     * must), with the labels that node was not handed yet: a component's labels only grow at the
     * end (a union appends the absorbed side's), so those are the ones past {@code handedLabels}.
     */
    private void handUp(String root, BorderComponent c, String up, Context ctx) throws Exception {
        int above = BorderTiers.above(c.tiers, tier);
        int handed = up.equals(c.handedTo) ? Math.min(c.handedLabels, c.labelCount) : 0;
        String[] fresh = handed < c.labelCount ? labels(root, c, handed) : NO_LABELS;
        c.handedTo = up;
        c.handedLabels = c.labelCount;
        components.put(root, c);
        flushes.unmark(ctx.getCurrentKey(), root);
        ctx.output(BorderTiers.tag(tier + 1), BorderFact.part(up, above, root, c.whole.copy(), c.publishedId, fresh));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelFact> out) throws Exception {
        parts.at(ctx.getCurrentKey());
        components.at(ctx.getCurrentKey());
        long now = ctx.timerService().currentProcessingTime();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            for (String root : flushes.drain(ctx.getCurrentKey())) {
                BorderComponent c = components.get(root);
                if (c == null || c.whole.isEmpty()) {
                    continue;
                }
                String up = upTo(c, ctx);
                if (up == null) {
                    ctx.output(EventRegistry.EVENTS, EventDocument.of(c.publishedId, c.whole, c.whole.count, false, now));
                } else {
                    handUp(root, c, up, ctx);
                }
            }
            return;
        }
        // Each root was filed for the sweep its component may close at; one whose expiry moved
        // later since is filed for a later sweep too, and one merged or closed is gone: re-check.
        Map<String, BorderComponent> closed = new TreeMap<>(); // closed in order of root
        for (String root : due.take(ctx.getCurrentKey(), timestamp)) {
            BorderComponent c = components.get(root);
            if (c != null && c.expireAt <= timestamp) {
                closed.put(root, c);
            }
        }
        for (Map.Entry<String, BorderComponent> e : closed.entrySet()) {
            String root = e.getKey();
            BorderComponent c = e.getValue();
            EventSummary whole = c.whole;
            String up = upTo(c, ctx);
            if (up == null) {
                ctx.output(EventRegistry.EVENTS, EventDocument.of(c.publishedId, whole, whole.count + 1, true, now));
            } else if (!whole.isEmpty()) {
                // The node above closes it at this same watermark and must have its last state first.
                handUp(root, c, up, ctx);
            }
            forest.forget(root, labels(root, c, 0));
            labels.remove(root, c.labelCount);
            for (String pr : c.parts) {
                parts.remove(pr);
            }
            components.remove(root);
            flushes.unmark(ctx.getCurrentKey(), root);
        }
    }

    /** Joins the components of two labels; the survivor's state comes back as put, if it was read. */
    private Rooted union(String a, String b, Context ctx) throws Exception {
        String ra = rootOf(a);
        String rb = rootOf(b);
        if (ra.equals(rb)) {
            return new Rooted(ra, null);
        }
        BorderComponent ca = components.get(ra);
        BorderComponent cb = components.get(rb);
        if (forest.union(ra, ca.labelCount, rb, cb.labelCount).survivor().equals(rb)) {
            String t = ra;
            ra = rb;
            rb = t;
            BorderComponent c = ca;
            ca = cb;
            cb = c;
        }
        ca.whole.merge(cb.whole);
        ca.tiers |= cb.tiers;
        ca.parts = concat(ca.parts, cb.parts);
        ca.partIds = concat(ca.partIds, cb.partIds);
        // Appended: relabelled by the next update, handed up past handedLabels.
        String[] joining = labels(rb, cb, 0);
        labels.append(ra, ca.labelCount, joining);
        labels.remove(rb, cb.labelCount);
        ca.labelCount += cb.labelCount;
        ca.tombstoned = concat(ca.tombstoned, cb.tombstoned);
        ca.retired = concat(ca.retired, cb.retired);
        if (cb.publishedId != null) {
            ca.retired = concat(ca.retired, new String[] {cb.publishedId});
        }
        components.remove(rb);
        flushes.unmark(ctx.getCurrentKey(), rb);
        components.put(ra, ca);
        return new Rooted(ra, ca);
    }

    /** The root of a label's component; a label not known yet becomes a component of its own. */
    private String rootOf(String label) throws Exception {
        String root = forest.find(label);
        if (root.equals(label) && components.get(label) == null) {
            BorderComponent c = new BorderComponent();
            c.labelCount = 1; // a list of itself, kept in no chunk
            components.put(label, c);
        }
        return root;
    }

    /** A component's labels from the {@code from}-th, in the order they joined it. */
    private String[] labels(String root, BorderComponent c, int from) throws Exception {
        return labels.read(root, c.labelCount, from);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void writeBehind(boolean on) {
        writeBehind = on;
    }

    @Override
    public boolean writeBehindFull() {
        return parts.full() || components.full() || due.unwritten() > WriteBehindCache.CAPACITY;
    }

    @Override
    public void writeBack(Consumer<String> setKey) throws Exception {
        parts.writeBack(setKey);
        components.writeBack(setKey);
        due.writeBack(setKey);
    }
}
