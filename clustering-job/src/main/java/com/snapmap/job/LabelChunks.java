package com.snapmap.job;

import java.util.Arrays;

/**
 * The local labels of each union–find root, in the order they joined, kept in chunks of
 * {@value #CHUNK} under "root#c" in a store (keyed map state), shared by the region registry and the
 * border merge. A union appends the absorbed side's labels: it rewrites at most the survivor's last,
 * partly filled chunk and writes the new ones, however many labels the survivor has (a whole list
 * rewritten at each union grew with the event). The count of a root's labels is kept by the caller
 * with the root's state; a root of one label keeps no chunk (its list is itself).
 *
 * <p>A chunk the count says is there and state does not hold means the state is broken: it fails
 * loudly rather than relabel or forget part of an event.
 */
final class LabelChunks {

    static final int CHUNK = 16;

    private final EntryStore<String[]> state;

    LabelChunks(EntryStore<String[]> state) {
        this.state = state;
    }

    /** Labels {@code from} (inclusive) to {@code count} of a root's list of {@code count}. */
    String[] read(String root, int count, int from) throws Exception {
        if (count == 1) {
            return from == 0 ? new String[] {root} : new String[0];
        }
        String[] out = new String[count - from];
        for (int c = from / CHUNK; c * CHUNK < count; c++) {
            String[] chunk = chunk(root, c);
            int start = Math.max(from - c * CHUNK, 0);
            System.arraycopy(chunk, start, out, c * CHUNK + start - from, chunk.length - start);
        }
        return out;
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
            append(root, 0, all);
            return;
        }
        String[] last = count == 0 ? new String[0] : chunk(root, (count - 1) / CHUNK);
        int n = count;
        int i = 0;
        while (i < more.length) {
            int c = n / CHUNK;
            int filled = n % CHUNK;
            String[] chunk = filled == 0 ? new String[0] : last;
            int take = Math.min(CHUNK - filled, more.length - i);
            String[] grown = Arrays.copyOf(chunk, filled + take);
            System.arraycopy(more, i, grown, filled, take);
            state.put(key(root, c), grown);
            i += take;
            n += take;
        }
    }

    /** Removes a root's list of {@code count} labels in chunks (one of the root alone has none). */
    void remove(String root, int count) throws Exception {
        for (int c = 0; count > 1 && c * CHUNK < count; c++) {
            state.remove(key(root, c));
        }
    }

    private String[] chunk(String root, int c) throws Exception {
        String[] chunk = state.get(key(root, c));
        if (chunk == null) {
            throw new IllegalStateException("chunk " + c + " of the labels of " + root + " is missing from state");
        }
        return chunk;
    }

    private static String key(String root, int c) {
        return root + "#" + c;
    }
}
