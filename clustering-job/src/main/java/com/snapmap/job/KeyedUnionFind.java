package com.snapmap.job;

/**
 * The union–find of the region registry and the border merge, kept as label → parent entries in
 * an {@link EntryStore} (keyed state: one forest per key). One root convention: a label without a
 * parent entry is a root, so a lone label costs no write. Savepoints of state format v1 hold, for
 * the border merge, roots that are their own parent: those read as roots too and are never written
 * again (docs/OPERATE.md, "State format").
 *
 * <p>Union by size is the caller's (the sizes live with the roots' state); this class links the
 * smaller root under the larger and compresses paths on find.
 */
final class KeyedUnionFind {

    /** Which root survived a union and which one it absorbed. */
    record Union(String survivor, String absorbed) {}

    private final EntryStore<String> parents;
    /** Roots may hold a v1 self entry (the border merge's state): a closed set removes its root's too. */
    private final boolean selfEntriesFromV1;

    /** @param selfEntriesFromV1 whether this forest's state v1 holds roots that are their own parent */
    KeyedUnionFind(EntryStore<String> parents, boolean selfEntriesFromV1) {
        this.parents = parents;
        this.selfEntriesFromV1 = selfEntriesFromV1;
    }

    /** The root of {@code label}'s set; a label never seen is a root of its own. */
    String find(String label) throws Exception {
        String up = parents.get(label);
        return isRoot(label, up) ? label : rootAbove(label, up);
    }

    /**
     * Joins the sets of roots {@code a} and {@code b} of {@code sizeA} and {@code sizeB} labels: the
     * larger keeps its root (a tie keeps {@code a}). Null when they are the same root.
     */
    Union union(String a, int sizeA, String b, int sizeB) throws Exception {
        if (a.equals(b)) {
            return null;
        }
        Union u = sizeA < sizeB ? new Union(b, a) : new Union(a, b);
        parents.put(u.absorbed(), u.survivor());
        return u;
    }

    /** Forgets the parent entries of a closed set's labels (a root has none, but in a v1 savepoint). */
    void forget(String root, String[] labels) throws Exception {
        for (String label : labels) {
            if (selfEntriesFromV1 || !label.equals(root)) {
                parents.remove(label);
            }
        }
    }

    private static boolean isRoot(String label, String up) {
        return up == null || up.equals(label);
    }

    /**
     * The root above {@code label}, whose parent entry {@code up} (not {@code label} itself) was
     * read; labels on the way that do not point at the root yet are pointed at it, and one that does
     * is not written again.
     */
    private String rootAbove(String label, String up) throws Exception {
        String root = up;
        String next;
        while (!isRoot(root, next = parents.get(root))) {
            root = next;
        }
        while (!up.equals(root)) { // path compression
            parents.put(label, root);
            label = up;
            up = parents.get(label);
        }
        return root;
    }
}
