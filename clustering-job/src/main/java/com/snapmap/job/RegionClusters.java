package com.snapmap.job;

import com.snapmap.job.model.RootState;

/**
 * A region's clusters (docs/HOT-PATH.md, "No single key"): a union–find over its local labels,
 * each root carrying its event's summary, and the id rule. Flink-free: it reads and writes its
 * stores and says what follows through {@link Decisions}; {@link EventRegistry} runs it on keyed
 * state. It is some 300 lines because the union–find, the summaries and the id rule change
 * together on every merge, rename and erasure; split, each part would re-check the others' invariants.
 *
 * <ul>
 *   <li>An event is named after its first photo by (takenAt, photoId). When two clusters merge, or
 *       a photo earlier than the first one joins, the id changes to the earlier first photo; the
 *       old id becomes a tombstone and every label of the event is relabelled. An id depends only on
 *       the members, so the ids are the reference clusterer's whatever the arrival order.
 *   <li>A cluster that crosses a region border is the border merge's: from then on it goes out as
 *       its part (summary, id, the labels the border merge was not sent yet), never as a document,
 *       and the border merge tombstones its old part ids.
 * </ul>
 */
final class RegionClusters {

    private static final String[] NO_LABELS = new String[0];

    /** What follows from a change of the clusters: the registry's output and timers. */
    interface Decisions {

        /** A photo's answer: it is in {@code label}'s cluster, whose event is {@code r}. */
        void assign(String photoId, String label, RootState r) throws Exception;

        /** {@code label}'s event is now {@code r}'s. */
        void relabel(String label, RootState r);

        /**
         * The id {@code oldId} was merged into (or renamed to) {@code survivor}'s, {@code erased} of
         * whose counted photos were erased while open.
         */
        void tombstone(String oldId, RootState survivor, int erased);

        /**
         * A border cluster's part for the border merge, with the labels it was not sent yet and the
         * ids of its photos erased while open ({@code erased}, null when none).
         */
        void part(String root, RootState r, String[] fresh, String[] erased) throws Exception;

        /** A local event changed: its document goes out with the next flush. */
        void changed(String root) throws Exception;

        /** Nothing of {@code root} waits for the flush any more (sent, merged or closed). */
        void settled(String root) throws Exception;

        /** A local event's document, now; {@code erased} of its counted photos were erased since. */
        void document(RootState r, int erased, boolean closed);

        /** The root may be closed once the watermark passes {@code expireAt} (a later sweep than before). */
        void expiresAt(String root, long expireAt) throws Exception;

        /** A photo earlier than the first one renamed an event. */
        void renamed();

        /** Two clusters merged. */
        void merged();
    }

    /** A union–find root and its state, as read (changes to the state are put by the caller). */
    private record Root(String label, RootState state) {}

    private final ClusteringConfig config;
    private final EntryStore<RootState> roots;
    private final KeyedUnionFind forest;
    private final LabelChunks members;
    private final EntryStore<String[]> erased;

    /**
     * @param roots each root's state ("roots")
     * @param parents the union–find's parent entries ("parent")
     * @param members each root's labels in chunks ("members")
     * @param erased per root, the ids of its photos erased while it is open ({@link HotErasures})
     */
    RegionClusters(ClusteringConfig config, EntryStore<RootState> roots, EntryStore<String> parents,
            EntryStore<String[]> members, EntryStore<String[]> erased) {
        this.config = config;
        this.roots = roots;
        this.forest = new KeyedUnionFind(parents, false);
        this.members = new LabelChunks(members);
        this.erased = erased;
    }

    /**
     * Photo {@code photoId} of {@code label}'s cluster was erased (docs/SEMANTICS.md, "Deleting a
     * photo"): the event's next document leaves it out of its photoCount. Its summary still holds it
     * (centroid, bounds, first photo) and its version still counts it: the cold path re-forms the
     * event from the remaining photos once it has closed (a union–find cannot undo a link). A label
     * whose cluster is closed and forgotten is the cold path's alone; an erasure delivered twice
     * counts once.
     */
    void erase(String photoId, String label, Decisions d) throws Exception {
        Root x = rootOf(label);
        if (x.state.summary.isEmpty()) {
            return;
        }
        String[] ids = HotErasures.adding(erased.get(x.label), photoId);
        if (ids == null) {
            return;
        }
        erased.put(x.label, ids);
        d.changed(x.label); // the flush writes the document, or a border cluster's part
    }

    /** A photo joins {@code label}'s cluster ({@code opensLabel}: a label nothing knows yet). */
    void assign(String photoId, String label, boolean opensLabel, long takenAt, double lat, double lon, Decisions d)
            throws Exception {
        // A new label is a new root: no state to look it up in (on RocksDB two reads that miss).
        Root x = opensLabel ? newRoot(label) : rootOf(label);
        String root = x.label;
        RootState r = x.state;
        String oldId = r.publishedId;
        long oldExpiry = r.expireAt;
        String firstBefore = r.summary.firstPhotoId;
        r.summary.add(photoId, takenAt, lat, lon);
        // The id is a name-based UUID (an MD5) of the first photo: derived again only when that changed.
        String newId = oldId != null && firstBefore == r.summary.firstPhotoId ? oldId : r.summary.eventId();
        r.publishedId = newId;
        r.expireAt = config.forgetAt(r.summary.endAt);
        roots.put(root, r);
        // The border merge closes a border event by the expiry it knows: tell it at once when the
        // part's expiry moves to a later sweep, never leave that to the processing-time flush.
        boolean expiryMoved = config.onSweepGrid(oldExpiry) != config.onSweepGrid(r.expireAt);
        if (expiryMoved) {
            d.expiresAt(root, r.expireAt);
        }
        if (oldId != null && !oldId.equals(newId)) {
            // A photo older than the first one renames the event: same rule as a merge.
            d.renamed();
            if (r.border) {
                part(root, r, d); // the border merge tombstones the old part id
            } else {
                d.tombstone(oldId, r, HotErasures.size(erased.get(root)));
                relabel(members.read(root, r.labels, 0), r, d);
            }
        }
        d.assign(photoId, label, r);
        if (r.border && expiryMoved) {
            part(root, r, d);
        } else {
            d.changed(root);
        }
    }

    /** Joins the clusters of labels {@code a} and {@code b} (a link between two of their photos). */
    void union(String a, String b, Decisions d) throws Exception {
        Root xa = rootOf(a);
        Root xb = rootOf(b);
        KeyedUnionFind.Union u = forest.union(xa.label, xa.state.labels, xb.label, xb.state.labels);
        if (u == null) {
            return;
        }
        if (u.survivor().equals(xb.label)) {
            Root t = xa;
            xa = xb;
            xb = t;
        }
        d.merged();
        String ra = xa.label;
        String rb = xb.label;
        RootState sa = xa.state;
        RootState sb = xb.state;
        int countA = sa.labels;
        int countB = sb.labels;
        String idA = sa.publishedId;
        String idB = sb.publishedId;
        boolean borderA = sa.border;
        boolean borderB = sb.border;
        long expiryBefore = sa.expireAt;
        sa.summary.merge(sb.summary);
        sa.border = borderA || borderB;
        sa.borderTiers |= sb.borderTiers;
        sa.publishedId = sa.summary.isEmpty() ? null : sa.summary.eventId();
        sa.expireAt = sa.summary.isEmpty() ? Long.MAX_VALUE : config.forgetAt(sa.summary.endAt);
        // The survivor's own labels are read only when they must be relabelled.
        String[] ma = retiring(borderA, idA, sa) ? members.read(ra, countA, 0) : null;
        String[] mb = members.read(rb, countB, 0);
        members.append(ra, countA, mb);
        sa.labels = countA + countB;
        roots.remove(rb);
        members.remove(rb, countB);
        String[] erasedB = erased.get(rb);
        if (erasedB != null) {
            erased.put(ra, HotErasures.joined(erased.get(ra), erasedB));
            erased.remove(rb);
        }
        d.settled(rb);
        roots.put(ra, sa);
        if (sa.expireAt != Long.MAX_VALUE && config.onSweepGrid(expiryBefore) != config.onSweepGrid(sa.expireAt)) {
            d.expiresAt(ra, sa.expireAt);
        }
        if (sa.publishedId == null) {
            return;
        }
        // A side the border merge does not know yet is retired here; a border side's old part id
        // is tombstoned by the border merge, which sees every part id.
        int erasedA = HotErasures.size(erased.get(ra)); // both sides' now
        if (ma != null) {
            retire(idA, ma, sa, erasedA, d);
        }
        if (retiring(borderB, idB, sa)) {
            retire(idB, mb, sa, erasedA, d);
        }
        if (sa.border) {
            part(ra, sa, d);
        } else {
            d.changed(ra);
        }
    }

    /**
     * {@code label}'s cluster crosses a border and has an edge in border merge tier {@code tier}:
     * from now on the border merge owns its documents. The part goes out at once whenever its tiers
     * change: its node must know a part has edges above it before it decides the part's event.
     */
    void toBorder(String label, int tier, Decisions d) throws Exception {
        Root x = rootOf(label);
        RootState r = x.state;
        int tiers = r.borderTiers | BorderTiers.bit(tier);
        if (!r.border || tiers != r.borderTiers) {
            r.border = true;
            r.borderTiers = tiers;
            roots.put(x.label, r);
            part(x.label, r, d);
        }
    }

    /** The flush of a changed event: a document, or for a border cluster its part. */
    void flush(String root, Decisions d) throws Exception {
        RootState r = roots.get(root);
        if (r == null || r.summary.isEmpty()) {
            return;
        }
        if (r.border) {
            part(root, r, d);
        } else {
            d.document(r, HotErasures.size(erased.get(root)), false);
        }
    }

    /** The state of {@code root} if it is still a root and expires by {@code time}; else null. */
    RootState expiring(String root, long time) throws Exception {
        RootState r = roots.get(root);
        return r != null && r.expireAt <= time ? r : null;
    }

    /** Closes the event of {@code root} (state {@code r}) and forgets it with its labels. */
    void close(String root, RootState r, Decisions d) throws Exception {
        if (r.border) {
            // Its last change may still wait for the flush: the border merge closes the whole
            // event at this same watermark and must have it first.
            part(root, r, d);
        } else if (!r.summary.isEmpty()) {
            d.document(r, HotErasures.size(erased.get(root)), true);
        }
        forest.forget(root, members.read(root, r.labels, 0));
        roots.remove(root);
        erased.remove(root);
        members.remove(root, r.labels);
        d.settled(root);
    }

    /**
     * Sends the cluster's part with the labels the border merge has not been sent yet (it keeps
     * every one it was sent): a part sent again at each flush of a growing event costs the same
     * however many labels the event has.
     */
    private void part(String root, RootState r, Decisions d) throws Exception {
        if (r.summary.isEmpty()) {
            d.settled(root);
            return;
        }
        String[] fresh = NO_LABELS;
        if (r.sentLabels < r.labels) {
            fresh = members.read(root, r.labels, r.sentLabels);
            r.sentLabels += fresh.length;
            roots.put(root, r);
        }
        d.part(root, r, fresh, erased.get(root));
    }

    /** Whether a side of a merge, not yet known to the border merge, lost its id (see retire). */
    private static boolean retiring(boolean border, String oldId, RootState survivor) {
        return !border && survivor.publishedId != null && !survivor.publishedId.equals(oldId);
    }

    /** The side of a merge whose id did not survive: tombstone it, relabel its labels. */
    private static void retire(String oldId, String[] labels, RootState survivor, int erased, Decisions d) {
        if (oldId != null) {
            d.tombstone(oldId, survivor, erased);
        }
        relabel(labels, survivor, d);
    }

    private static void relabel(String[] labels, RootState r, Decisions d) {
        for (String label : labels) {
            d.relabel(label, r);
        }
    }

    /**
     * The root of a label's cluster and its state: one read for a root. An unknown label becomes a
     * root of its own, written by the caller's put of its state (every caller puts a new root).
     */
    private Root rootOf(String label) throws Exception {
        RootState r = roots.get(label);
        if (r != null) {
            return new Root(label, r);
        }
        String root = forest.find(label);
        return root.equals(label) ? newRoot(label) : new Root(root, roots.get(root));
    }

    /** A label no state knows yet, as the root of its own cluster (written by the caller's put). */
    private static Root newRoot(String label) {
        RootState r = new RootState();
        r.labels = 1;
        return new Root(label, r);
    }
}
