package com.snapmap.job;

/**
 * The local labels of each union–find root, in the order they joined: a packed
 * {@link ChunkedList} of {@value #CHUNK} labels a chunk under "root#c" (state format v1), shared by
 * the region registry and the border merge. A union appends the absorbed side's labels, so it
 * rewrites at most the survivor's last chunk however many labels the survivor has. The count of a
 * root's labels is kept by the caller with the root's state; a root of one label keeps no chunk
 * (its list is itself).
 */
final class LabelChunks {

    static final int CHUNK = 16;

    private final ChunkedList<String> lists;

    LabelChunks(EntryStore<String[]> state) {
        this.lists = new ChunkedList<>(state, "#", CHUNK, String[]::new);
    }

    /** Labels {@code from} (inclusive) to {@code count} of a root's list of {@code count}. */
    String[] read(String root, int count, int from) throws Exception {
        if (count == 1) {
            return from == 0 ? new String[] {root} : new String[0];
        }
        return lists.read(root, count, from);
    }

    /**
     * Appends {@code more} to a root's list of {@code count} labels (0: a new list; 1: the root
     * alone, which had no chunk).
     */
    void append(String root, int count, String[] more) throws Exception {
        if (count == 1) {
            String[] all = new String[more.length + 1];
            all[0] = root;
            System.arraycopy(more, 0, all, 1, more.length);
            lists.append(root, 0, null, all);
        } else {
            lists.append(root, count, null, more);
        }
    }

    /** Removes a root's list of {@code count} labels (one of the root alone has no chunk). */
    void remove(String root, int count) throws Exception {
        if (count > 1) {
            lists.remove(root, count);
        }
    }
}
