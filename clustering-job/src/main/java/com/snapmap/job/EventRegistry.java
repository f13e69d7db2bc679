package com.snapmap.job;

import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.RootState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * DESIGN.md §2 step 6: a union–find over local cluster labels, each root carrying the event's
 * summary.
 *
 * <ul>
 *   <li>An event is named after its first photo by (takenAt, photoId); when two events merge the
 *       one with the earlier first photo survives and the other id becomes a tombstone
 *       {@code {_id, mergedInto}}. Every label whose event id changed gets a RELABEL fact.
 *   <li>Event documents are absolute and coalesced: a changed event is emitted once, at the
 *       next watermark advance, not once per photo.
 *   <li>Once {@code watermark > endAt + W + lateness} the event is emitted as {@code closed} and
 *       forgotten, with all its labels: nothing that can still arrive links to it.
 * </ul>
 *
 * <p>The union–find is global, so the operator runs under one key. Its state is bounded by the
 * events of the last {@code W + lateness}, and each fact costs a few map look-ups.
 */
public class EventRegistry extends KeyedProcessFunction<String, LinkFact, LabelFact> {

    /** The one key the registry runs under. */
    public static final String KEY = "registry";

    public static final OutputTag<EventDocument> EVENTS =
            new OutputTag<>("events", TypeInformation.of(EventDocument.class));

    /** Same-time facts apply in a fixed order: assignments first, then by photo and labels. */
    private static final Comparator<LinkFact> FACT_ORDER = Comparator
            .comparing((LinkFact f) -> f.kind)
            .thenComparing(f -> f.photoId)
            .thenComparing(f -> f.label)
            .thenComparing(f -> f.otherLabel, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final ClusteringConfig config;

    private transient MapState<String, String> parent;
    private transient MapState<String, RootState> roots;
    private transient MapState<String, Boolean> dirty;
    /** Time of the pending flush timer, if any. */
    private transient ValueState<Long> flushAt;
    /** takenAt → facts waiting for the watermark. */
    private transient MapState<Long, LinkFact[]> pending;
    /** expiry time → roots that may expire then. */
    private transient MapState<Long, String[]> expiries;

    public EventRegistry(ClusteringConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        parent = getRuntimeContext().getMapState(new MapStateDescriptor<>("parent", Types.STRING, Types.STRING));
        roots = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("roots", Types.STRING, TypeInformation.of(RootState.class)));
        dirty = getRuntimeContext().getMapState(new MapStateDescriptor<>("dirty", Types.STRING, Types.BOOLEAN));
        flushAt = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-at", Types.LONG));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>(
                "pending", Types.LONG, Types.OBJECT_ARRAY(TypeInformation.of(LinkFact.class))));
        expiries = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("expiries", Types.LONG, Types.OBJECT_ARRAY(Types.STRING)));
    }

    @Override
    public void processElement(LinkFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        if (f.takenAt > ctx.timerService().currentWatermark()) {
            // Facts reach the registry out of order across the upstream subtasks; applying them in
            // event-time order means an event is first named after its true first photo.
            pending.put(f.takenAt, StateArrays.append(pending.get(f.takenAt), f));
            ctx.timerService().registerEventTimeTimer(f.takenAt);
            return;
        }
        apply(f, ctx, out);
    }

    private void apply(LinkFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        switch (f.kind) {
            case ASSIGN:
                assign(f, ctx, out);
                break;
            case UNION:
                union(f.label, f.otherLabel, ctx, out);
                break;
            default:
                throw new IllegalStateException("the registry takes ASSIGN and UNION, got " + f.kind);
        }
    }

    private void assign(LinkFact f, Context ctx, Collector<LabelFact> out) throws Exception {
        String root = find(ensure(f.label));
        RootState r = roots.get(root);
        r.summary.add(f.photoId, f.takenAt, f.lat, f.lon);
        r.version++;
        String newId = r.summary.eventId();
        if (r.publishedId != null && !r.publishedId.equals(newId)) {
            // A late photo older than the first one renames the event: same rule as a merge.
            ctx.output(EVENTS, EventDocument.tombstone(r.publishedId, newId, r.version, now(ctx)));
            relabel(r.members, newId, expiryOf(r), out);
        }
        r.publishedId = newId;
        scheduleExpiry(root, r, ctx);
        roots.put(root, r);
        out.collect(LabelFact.assign(f.photoId, f.label, newId, r.expireAt));
        markDirty(root, ctx);
    }

    private void union(String a, String b, Context ctx, Collector<LabelFact> out) throws Exception {
        String ra = find(ensure(a));
        String rb = find(ensure(b));
        if (ra.equals(rb)) {
            return;
        }
        RootState sa = roots.get(ra);
        RootState sb = roots.get(rb);
        // Union by size keeps relabels and member copies proportional to the smaller side.
        if (sa.members.length < sb.members.length) {
            String t = ra;
            ra = rb;
            rb = t;
            RootState s = sa;
            sa = sb;
            sb = s;
        }
        String[] keepMembers = sa.members;
        String keepPublished = sa.publishedId;
        sa.summary.merge(sb.summary);
        sa.version += sb.version + 1;
        String[] all = Arrays.copyOf(sa.members, sa.members.length + sb.members.length);
        System.arraycopy(sb.members, 0, all, sa.members.length, sb.members.length);
        sa.members = all;
        String newId = sa.summary.isEmpty() ? null : sa.summary.eventId();
        sa.publishedId = newId;
        scheduleExpiry(ra, sa, ctx);
        parent.put(rb, ra);
        roots.remove(rb);
        dirty.remove(rb);
        roots.put(ra, sa);
        if (newId != null) {
            retire(keepPublished, keepMembers, newId, sa, ctx, out);
            retire(sb.publishedId, sb.members, newId, sa, ctx, out);
            markDirty(ra, ctx);
        }
    }

    /** The side of a merge whose id did not survive: tombstone it, relabel its labels. */
    private void retire(String oldId, String[] members, String newId, RootState survivor, Context ctx,
            Collector<LabelFact> out) {
        if (newId.equals(oldId)) {
            return;
        }
        if (oldId != null) {
            ctx.output(EVENTS, EventDocument.tombstone(oldId, newId, survivor.version, now(ctx)));
        }
        relabel(members, newId, expiryOf(survivor), out);
    }

    private static void relabel(String[] labels, String eventId, long expireAt, Collector<LabelFact> out) {
        for (String label : labels) {
            out.collect(LabelFact.relabel(label, eventId, expireAt));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelFact> out) throws Exception {
        LinkFact[] facts = pending.get(timestamp);
        if (facts != null) {
            pending.remove(timestamp);
            Arrays.sort(facts, FACT_ORDER);
            for (LinkFact f : facts) {
                apply(f, ctx, out);
            }
        }
        Long flushDue = flushAt.value();
        if (flushDue != null && timestamp >= flushDue) {
            flushAt.clear();
            flush(ctx);
        }
        String[] due = expiries.get(timestamp);
        if (due == null) {
            return;
        }
        expiries.remove(timestamp);
        for (String root : due) {
            RootState r = roots.get(root);
            if (r == null || r.expireAt > timestamp) {
                continue; // merged away, or grew later in time and expires later
            }
            r.version++;
            ctx.output(EVENTS, EventDocument.of(r.publishedId, r.summary, r.version, true, now(ctx)));
            for (String label : r.members) {
                parent.remove(label);
            }
            roots.remove(root);
            dirty.remove(root);
        }
    }

    /** Emits every changed, still-open event once. */
    private void flush(Context ctx) throws Exception {
        List<String> changed = new ArrayList<>();
        for (String root : dirty.keys()) {
            changed.add(root);
        }
        changed.sort(null);
        for (String root : changed) {
            RootState r = roots.get(root);
            if (r != null && !r.summary.isEmpty()) {
                ctx.output(EVENTS, EventDocument.of(r.publishedId, r.summary, r.version, false, now(ctx)));
            }
        }
        dirty.clear();
    }

    private void markDirty(String root, Context ctx) throws Exception {
        dirty.put(root, Boolean.TRUE);
        // Flush at the next watermark advance: all changes up to it go out as one document each.
        long wm = ctx.timerService().currentWatermark();
        if (flushAt.value() == null && wm < Long.MAX_VALUE) {
            flushAt.update(wm + 1);
            ctx.timerService().registerEventTimeTimer(wm + 1);
        }
    }

    private long expiryOf(RootState r) {
        return r.summary.isEmpty() ? Long.MAX_VALUE
                : config.forgetAt(r.summary.endAt);
    }

    /** Every finite expireAt a root takes is registered once, under a timer at that time. */
    private void scheduleExpiry(String root, RootState r, Context ctx) throws Exception {
        long at = expiryOf(r);
        if (at == r.expireAt || at == Long.MAX_VALUE) {
            return;
        }
        r.expireAt = at;
        expiries.put(at, StateArrays.append(expiries.get(at), root));
        ctx.timerService().registerEventTimeTimer(at);
    }

    /** Registers an unknown label as its own root; returns the label. */
    private String ensure(String label) throws Exception {
        if (!parent.contains(label)) {
            parent.put(label, label);
            RootState r = new RootState();
            r.members = new String[] {label};
            roots.put(label, r);
        }
        return label;
    }

    private String find(String label) throws Exception {
        String root = label;
        String up;
        while (!(up = parent.get(root)).equals(root)) {
            root = up;
        }
        while (!label.equals(root)) { // path compression
            String next = parent.get(label);
            parent.put(label, root);
            label = next;
        }
        return root;
    }

    private static long now(Context ctx) {
        return ctx.timerService().currentProcessingTime();
    }
}
