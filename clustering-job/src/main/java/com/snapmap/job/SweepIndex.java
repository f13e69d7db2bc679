package com.snapmap.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 */
final class SweepIndex {

    static final int CHUNK = 16;

    private final MapState<String, String[]> chunks;
    /** Per sweep, how many ids were added. */
    private final MapState<Long, Integer> counts;
    /** How many sweeps hold ids; null for a key none were ever added to (or state from before the index). */
    private final ValueState<Integer> sweeps;

    SweepIndex(RuntimeContext context, String name) {
        chunks = context.getMapState(new MapStateDescriptor<>(name, Types.STRING, Types.OBJECT_ARRAY(Types.STRING)));
        counts = context.getMapState(new MapStateDescriptor<>(name + "-counts", Types.LONG, Types.INT));
        sweeps = context.getState(new ValueStateDescriptor<>(name + "-sweeps", Types.INT));
    }

    /** Whether this key's entries are indexed (false for state restored from before the index). */
    boolean inUse() throws Exception {
        return sweeps.value() != null;
    }

    void add(long sweep, String id) throws Exception {
        Integer counted = counts.get(sweep);
        int n = counted == null ? 0 : counted;
        if (counted == null) {
            Integer s = sweeps.value();
            sweeps.update(s == null ? 1 : s + 1);
        }
        String key = sweep + "/" + n / CHUNK;
        String[] chunk = n % CHUNK == 0 ? new String[0] : chunks.get(key);
        String[] grown = Arrays.copyOf(chunk, chunk.length + 1);
        grown[chunk.length] = id;
        chunks.put(key, grown);
        counts.put(sweep, n + 1);
    }

    /** Removes and returns the ids added for {@code sweep}, in the order they were added. */
    List<String> take(long sweep) throws Exception {
        Integer n = counts.get(sweep);
        if (n == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(n);
        for (int c = 0; c * CHUNK < n; c++) {
            String key = sweep + "/" + c;
            ids.addAll(Arrays.asList(chunks.get(key)));
            chunks.remove(key);
        }
        counts.remove(sweep);
        int left = sweeps.value() - 1;
        if (left == 0) {
            sweeps.clear();
        } else {
            sweeps.update(left);
        }
        return ids;
    }
}
