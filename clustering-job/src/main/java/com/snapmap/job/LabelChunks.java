package com.snapmap.job;

import java.util.Arrays;
import org.apache.flink.api.common.state.MapState;

/**
 * The local labels of each union–find root, in the order they joined, kept in chunks of
 * {@value #CHUNK} under "root#c" in a keyed map state, shared by the region registry and the
 * border merge. A union appends the absorbed side's labels: it rewrites at most the survivor's last,
 * partly filled chunk and writes the new ones, however many labels the survivor has (a whole list
 * rewritten at each union grew with the event). The count of a root's labels is kept by the caller
 * with the root's state; a root of one label keeps no chunk (its list is itself).
 *
 * <p>Labels ({@code region/photoId}) never contain '#', so a chunk key never meets a label: a list
 * written before chunks, as one array under the root itself, is told apart by its missing chunk.
 */
final class LabelChunks {

    static final int CHUNK = 16;

    private final MapState<String, String[]> state;

    LabelChunks(MapState<String, String[]> state) {
        this.state = state;
    }

    /**
     * Labels {@code from} (inclusive) to {@code count} of a root's list of {@code count}, or null
     * when the list is not in chunks (written before them: see {@link #legacy}).
     */
    String[] read(String root, int count, int from) throws Exception {
        if (count == 1) {
            return from == 0 ? new String[] {root} : new String[0];
        }
        String[] out = new String[count - from];
        for (int c = from / CHUNK; c * CHUNK < count; c++) {
            String[] chunk = state.get(key(root, c));
            if (chunk == null) {
                return null;
            }
            int start = Math.max(from - c * CHUNK, 0);
            System.arraycopy(chunk, start, out, c * CHUNK + start - from, chunk.length - start);
        }
        return out;
    }

    /**
     * Whether a root's list of {@code count} labels (at least two) is in chunks: its last chunk is
     * there (a list written before chunks has none).
     */
    boolean chunked(String root, int count) throws Exception {
        return state.contains(key(root, (count - 1) / CHUNK));
    }

    /**
     * Appends {@code more} to a root's list of {@code count} labels (0: a new list; 1: the root
     * alone, which had no chunk). False, and nothing written, when a longer list is not in chunks:
     * its last chunk, read to be grown or to tell, is missing.
     */
    boolean append(String root, int count, String[] more) throws Exception {
        if (count == 1) {
            String[] all = new String[more.length + 1];
            all[0] = root;
            System.arraycopy(more, 0, all, 1, more.length);
            return append(root, 0, all);
        }
        String[] last = count == 0 ? new String[0] : state.get(key(root, (count - 1) / CHUNK));
        if (last == null) {
            return false;
        }
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
        return true;
    }

    /** Removes a root's list of {@code count} labels in chunks (one of the root alone has none). */
    void remove(String root, int count) throws Exception {
        for (int c = 0; count > 1 && c * CHUNK < count; c++) {
            state.remove(key(root, c));
        }
    }

    /** A root's list as written before chunks (one array under the root), or null. */
    String[] legacy(String root) throws Exception {
        return state.get(root);
    }

    void removeLegacy(String root) throws Exception {
        state.remove(root);
    }

    private static String key(String root, int c) {
        return root + "#" + c;
    }
}
