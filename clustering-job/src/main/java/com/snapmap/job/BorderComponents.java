package com.snapmap.job;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.job.model.BorderComponent;
import com.snapmap.job.model.BorderPart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The border events of one node of the border merge (docs/HOT-PATH.md, "The border merge in
 * tiers"): a union–find over local labels joins the region parts linked by border edges; the whole
 * event's summary is the merge of its parts' latest summaries, its id the one of its earliest first
 * photo (so the same as the reference clusterer's). Every part id that is not the event's id, and
 * every id the event had before, becomes a tombstone into it.
 *
 * <p>A component none of whose parts has edges above this tier is decided here: its labels are
 * relabelled and its documents written. One with such edges is handed up whole, as one part, to
 * this node's parent (at once the first time and when its id, its expiry or its labels change,
 * else with the flush); a node above decides it. Flink-free: {@link BorderMerge} runs it on keyed
 * state and turns its {@link Decisions} into output and timers.
 *
 * <p>Some 300 lines on purpose: union, update and hand-up keep one set of counters of a component
 * in step (its labels appended in order, {@code relabelled}, {@code handedLabels}), and read safely
 * only side by side.
 */
final class BorderComponents {

    private static final String[] NO_LABELS = new String[0];

    /** What follows from a change of the components: the border merge's output and timers. */
    interface Decisions {

        /** {@code label}'s event is now {@code id} (summary {@code whole}, expiring at {@code expireAt}). */
        void relabel(String label, String id, EventSummary whole, long expireAt);

        /**
         * The id {@code oldId} was merged into {@code id}, an event of {@code count} counted photos,
         * {@code erased} of them erased while open.
         */
        void tombstone(String oldId, String id, long count, int erased);

        /** A decided event's document, now; {@code erased} of its counted photos were erased since. */
        void document(BorderComponent c, int erased, boolean closed);

        /**
         * The component goes up whole to node {@code up} as a part with edges in {@code above}, with
         * the ids of its photos erased while open ({@code erased}, null when none).
         */
        void handUp(String up, int above, String root, BorderComponent c, String[] fresh, String[] erased);

        /** A decided event changed: its document goes out with the next flush. */
        void changed(String root) throws Exception;

        /** Nothing of {@code root} waits for the flush any more (handed up, merged or closed). */
        void settled(String root) throws Exception;

        /** The component may be closed once the watermark passes {@code expireAt} (a later sweep than before). */
        void expiresAt(String root, long expireAt) throws Exception;

        /** A sweep must come once the watermark passes {@code time}. */
        void sweepAt(long time) throws Exception;
    }

    /** A component's root and its state as last changed (null when not read). */
    private record Rooted(String root, BorderComponent component) {}

    private final ClusteringConfig config;
    private final int tier;
    private final EntryStore<BorderPart> parts;
    private final EntryStore<BorderComponent> components;
    private final KeyedUnionFind forest;
    private final LabelChunks labels;
    private final EntryStore<String[]> erased;

    /**
     * @param tier which of {@link BorderTiers} this node is of
     * @param parts each region part's latest state ("parts")
     * @param components each root's component ("components")
     * @param parents the union–find's parent entries ("parent"; v1 roots are their own parent)
     * @param labels each component's labels in chunks ("labels")
     * @param erased per part (by its label), the ids of its photos erased while open, as its last PART said
     */
    BorderComponents(ClusteringConfig config, int tier, EntryStore<BorderPart> parts,
            EntryStore<BorderComponent> components, EntryStore<String> parents, EntryStore<String[]> labels,
            EntryStore<String[]> erased) {
        this.config = config;
        this.tier = tier;
        this.parts = parts;
        this.components = components;
        this.forest = new KeyedUnionFind(parents, true);
        this.labels = new LabelChunks(labels);
        this.erased = erased;
    }

    /** A border edge between labels {@code a} and {@code b}, at node {@code node}. */
    void edge(String node, String a, String b, Decisions d) throws Exception {
        Rooted x = union(a, b, d);
        update(node, x.root(), x.component() != null ? x.component() : components.get(x.root()), d);
    }

    /**
     * A region's (or a lower node's) part {@code label}: its summary, id, tiers, the labels it
     * names for the first time ({@code members}) and the ids of its photos erased while open
     * ({@code erasedIds}, null when none: they leave the event's photoCount, not its summary).
     */
    void part(String node, String label, String[] members, int tiers, EventSummary summary, String partId,
            String[] erasedIds, Decisions d) throws Exception {
        // The part names only labels it did not name before: its own may be joined already.
        String root = rootOf(label);
        for (String m : members) {
            root = union(root, m, d).root();
        }
        BorderComponent c = components.get(root);
        c.tiers |= tiers;
        // The region's part only grows, and a part it absorbed comes back inside this one: take
        // the earlier contributions out of the counts, then merge the new summary (see forgetCounts).
        Map<String, String> live = new LinkedHashMap<>();
        for (int i = 0; i < c.parts.length; i++) {
            live.put(c.parts[i], c.partIds[i]);
        }
        for (String m : members) {
            BorderPart absorbed = m.equals(label) ? null : parts.get(m);
            if (absorbed != null) {
                c.whole.forgetCounts(absorbed.summary);
                parts.remove(m); // merged into this part inside its region
                erased.remove(m); // its erased photos are this part's now
                live.remove(m);
            }
        }
        BorderPart previous = parts.get(label);
        if (previous != null) {
            c.whole.forgetCounts(previous.summary);
        }
        c.whole.merge(summary);
        live.put(label, partId);
        BorderPart p = new BorderPart();
        p.summary = summary;
        p.partId = partId;
        p.tiers = tiers; // its members are in the component's labels
        parts.put(label, p);
        if (erasedIds == null) {
            erased.remove(label);
        } else {
            erased.put(label, erasedIds);
        }
        c.parts = live.keySet().toArray(new String[0]);
        c.partIds = live.values().toArray(new String[0]);
        update(node, root, c, d); // as changed: no second read of it
    }

    /** The flush of a changed component: its document, or its part for the node above. */
    void flush(String node, String root, Decisions d) throws Exception {
        BorderComponent c = components.get(root);
        if (c == null || c.whole.isEmpty()) {
            return;
        }
        String up = upTo(node, c);
        if (up == null) {
            d.document(c, HotErasures.size(erasedOf(c)), false);
        } else {
            handUp(root, c, up, d);
        }
    }

    /** The component of {@code root} if it is still a root and expires by {@code time}; else null. */
    BorderComponent expiring(String root, long time) throws Exception {
        BorderComponent c = components.get(root);
        return c != null && c.expireAt <= time ? c : null;
    }

    /** Closes the event of {@code root} (component {@code c}) and forgets it with its labels and parts. */
    void close(String node, String root, BorderComponent c, Decisions d) throws Exception {
        String up = upTo(node, c);
        if (up == null) {
            d.document(c, HotErasures.size(erasedOf(c)), true);
        } else if (!c.whole.isEmpty()) {
            // The node above closes it at this same watermark and must have its last state first.
            handUp(root, c, up, d);
        }
        forest.forget(root, labels(root, c, 0));
        labels.remove(root, c.labelCount);
        for (String pr : c.parts) {
            parts.remove(pr);
            erased.remove(pr);
        }
        components.remove(root);
        d.settled(root);
    }

    /** Recomputes the whole event of {@code root}; retires ids that did not survive; puts the component. */
    private void update(String node, String root, BorderComponent c, Decisions d) throws Exception {
        EventSummary whole = c.whole;
        if (whole.isEmpty()) {
            components.put(root, c);
            return;
        }
        String id = whole.eventId();
        long expireAt = config.forgetAt(whole.endAt);
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
        int erasedCount = -1; // looked up for the first tombstone only
        for (String old : seen) {
            if (old != null && !old.equals(id) && done.add(old)) {
                if (erasedCount < 0) {
                    erasedCount = HotErasures.size(erasedOf(c));
                }
                d.tombstone(old, id, whole.count, erasedCount);
                tombstoned.add(old);
            }
        }
        c.tombstoned = tombstoned.toArray(new String[0]);
        c.retired = new String[0];
        c.publishedId = id;
        c.expireAt = expireAt;
        boolean expiryMoved = config.onSweepGrid(oldExpireAt) != config.onSweepGrid(expireAt);
        if (expiryMoved) {
            d.expiresAt(root, expireAt);
        }
        d.sweepAt(config.sweepAt(whole.endAt));
        String up = upTo(node, c);
        if (up == null) {
            if (c.relabelled < c.labelCount) {
                for (String label : labels(root, c, c.relabelled)) {
                    d.relabel(label, id, whole, expireAt);
                }
            }
            c.relabelled = c.labelCount;
            components.put(root, c);
            d.changed(root);
        } else if (!up.equals(c.handedTo) || !id.equals(oldId) || c.labelCount != c.handedLabels || expiryMoved) {
            // The node above must hear at once the first time, when the id moves (it
            // tombstones the old one), when the expiry moves, and when labels join: the node above
            // may still hold one of them as a part of its own (sent there before it had an edge of
            // this tier) and would close that part by its own, earlier expiry.
            handUp(root, c, up, d);
        } else {
            components.put(root, c);
            d.changed(root);
        }
    }

    /**
     * The node a component goes up to, or null when this node decides it: always this node's
     * parent, even when the component's next edges are higher up, so that every update of a part
     * travels one fixed path and arrives in order (a part that skipped a tier and later came
     * through it could overtake its own older copy).
     */
    private String upTo(String node, BorderComponent c) {
        int above = BorderTiers.above(c.tiers, tier);
        return above == 0 ? null : BorderTiers.node(node, tier + 1);
    }

    /**
     * Hands the whole component up as one part of the node above (which tombstones its id if it
     * must), with the labels that node was not handed yet: a component's labels only grow at the
     * end (a union appends the absorbed side's), so those are the ones past {@code handedLabels}.
     */
    private void handUp(String root, BorderComponent c, String up, Decisions d) throws Exception {
        int handed = up.equals(c.handedTo) ? Math.min(c.handedLabels, c.labelCount) : 0;
        String[] fresh = handed < c.labelCount ? labels(root, c, handed) : NO_LABELS;
        c.handedTo = up;
        c.handedLabels = c.labelCount;
        components.put(root, c);
        d.settled(root);
        d.handUp(up, BorderTiers.above(c.tiers, tier), root, c, fresh, erasedOf(c));
    }

    /** The ids of the component's photos erased while open: its parts' (null when none). */
    private String[] erasedOf(BorderComponent c) throws Exception {
        String[] ids = null;
        for (String pr : c.parts) {
            ids = HotErasures.joined(ids, erased.get(pr));
        }
        return ids;
    }

    /** Joins the components of two labels; the survivor's state comes back as put, if it was read. */
    private Rooted union(String a, String b, Decisions d) throws Exception {
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
        d.settled(rb);
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
}
