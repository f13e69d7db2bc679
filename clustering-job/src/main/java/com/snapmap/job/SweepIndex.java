package com.snapmap.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The ids of one key that a sweep of event time may forget, by that sweep, so a sweep reads what
 * it may forget instead of every entry of the key (on RocksDB, reading every root and halo entry of
 * a region at each 5-minute sweep was a quarter of the registry's time).
 *
 * <p>Ids go in chunks of {@value #CHUNK} under "sweep/chunk", so an addition rewrites at most one
 * small chunk however many ids share a sweep (a stadium's). An id may be added to several sweeps
 * (its expiry moved later) or twice to one: the caller re-checks each id it takes.
 *
 * <p>Only this task writes a key's index, so it keeps what it read or wrote of each open sweep (the
 * count and the chunk being filled) and of the key's number of sweeps: an addition then writes
 * one chunk and reads nothing. A sweep's count is not written: what a restore brings back is
 * counted from its chunks on first use (all full but the last).
 *
 * <p>With {@link #writeBehind()} (the registry on RocksDB, see {@link WriteBehindOperator}) a
 * changed chunk is kept in memory and written when the registry writes its roots back (before
 * each checkpoint barrier, and when its caches are full): a chunk filled one id at a time is then
 * written once instead of sixteen times.
 */
final class SweepIndex {

    static final int CHUNK = 16;

    private final MapState<String, String[]> chunks;
    /** How many sweeps hold ids; null for a key none were ever added to. */
    private final ValueState<Integer> sweeps;
    /** Per key of this task, what is known of its open sweeps. */
    private final Map<String, Known> known = new HashMap<>();
    private boolean writeBehind;
    /** With write-behind: per key, the chunks changed since they were last written, by state key. */
    private final Map<String, Map<String, String[]>> unwritten = new HashMap<>();
    private int unwrittenCount;

    /** A key's number of sweeps (-1 until read) and, per sweep read or written, its count and last chunk. */
    private static final class Known {
        int sweeps = -1;
        final Map<Long, Open> open = new HashMap<>();
    }

    private static final class Open {
        int count;
        /** The chunk ids are being added to; null until read (it is then re-read from state). */
        String[] filling;
        /** The state key of chunk number {@code chunk}, built once per chunk rather than per id. */
        String chunkKey;
        int chunk = -1;

        String chunkKey(long sweep, int c) {
            if (c != chunk) {
                chunk = c;
                chunkKey = SweepIndex.chunkKey(sweep, c);
            }
            return chunkKey;
        }
    }

    SweepIndex(RuntimeContext context, String name) {
        chunks = context.getMapState(new MapStateDescriptor<>(name, Types.STRING, Types.OBJECT_ARRAY(Types.STRING)));
        sweeps = context.getState(new ValueStateDescriptor<>(name + "-sweeps", Types.INT));
    }

    void add(String key, long sweep, String id) throws Exception {
        Known k = known.computeIfAbsent(key, x -> new Known());
        Open o = k.open.get(sweep);
        if (o == null) {
            o = new Open();
            // When every sweep the key has in state is one this task knows, a new one is empty.
            o.count = k.open.size() == sweeps(key) ? 0 : counted(sweep);
            if (o.count == 0) {
                int s = sweeps(key);
                k.sweeps = Math.max(s, 0) + 1;
                sweeps.update(k.sweeps);
            }
            k.open.put(sweep, o);
        }
        int n = o.count;
        String chunkKey = o.chunkKey(sweep, n / CHUNK);
        String[] chunk = n % CHUNK == 0 ? new String[0] : o.filling != null ? o.filling : chunks.get(chunkKey);
        String[] grown = Arrays.copyOf(chunk, chunk.length + 1);
        grown[chunk.length] = id;
        if (writeBehind) {
            if (unwritten.computeIfAbsent(key, x -> new HashMap<>()).put(chunkKey, grown) == null) {
                unwrittenCount++;
            }
        } else {
            chunks.put(chunkKey, grown);
        }
        o.filling = grown.length == CHUNK ? null : grown;
        o.count = n + 1;
    }

    /** How many ids a sweep holds in state: its chunks, all full but the last. */
    private int counted(long sweep) throws Exception {
        int n = 0;
        String[] chunk;
        while ((chunk = chunks.get(chunkKey(sweep, n / CHUNK))) != null) {
            n += chunk.length;
            if (chunk.length < CHUNK) {
                break;
            }
        }
        return n;
    }

    /** Removes and returns the ids added for {@code sweep} of {@code key}, in the order they were added. */
    List<String> take(String key, long sweep) throws Exception {
        Known k = known.get(key);
        Open o = k == null ? null : k.open.remove(sweep);
        int n = o != null ? o.count : k != null && k.open.size() == k.sweeps ? 0 : counted(sweep);
        if (n == 0) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(n);
        Map<String, String[]> own = unwritten.get(key);
        for (int c = 0; c * CHUNK < n; c++) {
            String chunkKey = chunkKey(sweep, c);
            String[] chunk = own == null ? null : own.remove(chunkKey);
            if (chunk != null) {
                unwrittenCount--;
            } else {
                chunk = chunks.get(chunkKey);
            }
            ids.addAll(Arrays.asList(chunk));
            chunks.remove(chunkKey); // an unwritten chunk may have an older copy in state
        }
        int left = sweeps(key) - 1;
        if (left == 0) {
            sweeps.clear();
            known.remove(key);
        } else {
            sweeps.update(left);
            known.computeIfAbsent(key, x -> new Known()).sweeps = left;
        }
        return ids;
    }

    /** Keeps changed chunks in memory until {@link #writeBack}; call before the first addition. */
    void writeBehind() {
        writeBehind = true;
    }

    /** How many changed chunks wait for {@link #writeBack}. */
    int unwritten() {
        return unwrittenCount;
    }

    /**
     * Writes the changed chunks to keyed state, switching the backend to each key with
     * {@code setKey} (the caller restores its own key afterwards).
     */
    void writeBack(Consumer<String> setKey) throws Exception {
        for (Map.Entry<String, Map<String, String[]>> e : unwritten.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            setKey.accept(e.getKey());
            for (Map.Entry<String, String[]> chunk : e.getValue().entrySet()) {
                chunks.put(chunk.getKey(), chunk.getValue());
            }
        }
        unwritten.clear();
        unwrittenCount = 0;
    }

    /** The state key of a sweep's chunk number {@code c}. */
    private static String chunkKey(long sweep, int c) {
        return sweep + "/" + c;
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
