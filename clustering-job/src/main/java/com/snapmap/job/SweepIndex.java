package com.snapmap.job;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;

/**
 * The ids of one key that a sweep of event time may forget, by that sweep, so a sweep reads what
 * it may forget instead of every entry of the key (docs/HOT-PATH.md).
 *
 * <p>Each sweep is a packed {@link ChunkedList} of {@value #CHUNK} ids a chunk under "sweep/c"
 * (state format v1), so an addition rewrites at most one small chunk however many ids share a
 * sweep (a stadium's). An id may be added to several sweeps (its expiry moved later) or twice to
 * one: the caller re-checks each id it takes.
 *
 * <p>Only this task writes a key's index, so it keeps what it read or wrote of each open sweep (the
 * count and the chunk being filled) and of the key's number of sweeps: an addition then writes
 * one chunk and reads nothing. A sweep's count is not written: what a restore brings back is
 * counted from its chunks on first use.
 *
 * <p>Behind a {@link WriteBehindCache} (the registry and the border merge on RocksDB) a chunk
 * filled one id at a time is written once per write-back instead of once per id.
 */
final class SweepIndex {

    static final int CHUNK = 16;

    private final ChunkedList<String> chunks;
    /** How many sweeps hold ids; null for a key none were ever added to. */
    private final ValueState<Integer> sweeps;
    /** Per key of this task, what is known of its open sweeps. */
    private final Map<String, Known> known = new HashMap<>();

    /** A key's number of sweeps (-1 until read) and, per sweep read or written, its count and last chunk. */
    private static final class Known {
        int sweeps = -1;
        final Map<Long, Open> open = new HashMap<>();
    }

    private static final class Open {
        /** The sweep as a list's name. */
        final String list;
        int count;
        /** The chunk ids are being added to; null until read (it is then re-read from state). */
        String[] filling;

        Open(long sweep) {
            list = Long.toString(sweep);
        }
    }

    /**
     * @param chunks the sweeps' chunks of ids ("due")
     * @param sweeps the key's number of sweeps ("due-sweeps")
     */
    SweepIndex(EntryStore<String[]> chunks, ValueState<Integer> sweeps) {
        this.chunks = new ChunkedList<>(chunks, "/", CHUNK, String[]::new);
        this.sweeps = sweeps;
    }

    void add(String key, long sweep, String id) throws Exception {
        Known k = known.computeIfAbsent(key, x -> new Known());
        Open o = k.open.get(sweep);
        if (o == null) {
            o = new Open(sweep);
            // When every sweep the key has in state is one this task knows, a new one is empty.
            o.count = k.open.size() == sweeps(key) ? 0 : chunks.count(o.list);
            if (o.count == 0) {
                int s = sweeps(key);
                k.sweeps = Math.max(s, 0) + 1;
                sweeps.update(k.sweeps);
            }
            k.open.put(sweep, o);
        }
        String[] last = chunks.append(o.list, o.count, o.filling, id);
        o.filling = last.length == CHUNK ? null : last;
        o.count++;
    }

    /** Removes and returns the ids added for {@code sweep} of {@code key}, in the order they were added. */
    List<String> take(String key, long sweep) throws Exception {
        Known k = known.get(key);
        Open o = k == null ? null : k.open.remove(sweep);
        String list = Long.toString(sweep);
        int n = o != null ? o.count : k != null && k.open.size() == k.sweeps ? 0 : chunks.count(list);
        if (n == 0) {
            return List.of();
        }
        String[] ids = chunks.read(list, n, 0);
        chunks.remove(list, n);
        int left = sweeps(key) - 1;
        if (left == 0) {
            sweeps.clear();
            known.remove(key);
        } else {
            sweeps.update(left);
            known.computeIfAbsent(key, x -> new Known()).sweeps = left;
        }
        return Arrays.asList(ids);
    }

    /** The key's number of sweeps, 0 for none. */
    private int sweeps(String key) throws Exception {
        Known k = known.get(key);
        if (k != null && k.sweeps >= 0) {
            return k.sweeps;
        }
        Integer s = sweeps.value();
        if (k == null) {
            if (s == null) {
                return 0; // nothing to keep for a key without sweeps
            }
            k = new Known();
            known.put(key, k);
        }
        k.sweeps = s == null ? 0 : s;
        return k.sweeps;
    }
}
