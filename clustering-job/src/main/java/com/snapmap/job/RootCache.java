package com.snapmap.job;

import com.snapmap.job.model.RootState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.MapState;

/**
 * The registry's root states ({@code roots} state) with a write-behind cache in front, for state
 * backends that serialize every access (RocksDB). A root is read and rewritten for every fact of
 * its cluster: through RocksDB that was a read, a deserialization, a serialization and a write per
 * photo. Cached, a root is read from the backend once and written back once per checkpoint.
 *
 * <p>Changes reach the keyed state before every checkpoint barrier
 * ({@link EventRegistryOperator#prepareSnapshotPreBarrier}), so a checkpoint holds all of them,
 * and whenever more roots are cached than its capacity ({@link #CAPACITY} unless set) (the cache is then emptied). Removals
 * go to the state at once. Writing back needs the operator to switch keys, hence the operator.
 *
 * <p>Off (every call goes to the state) unless {@link #enable()}d: on heap the state is memory
 * already, and a {@code KeyedProcessFunction} run without {@link EventRegistryOperator} (tests)
 * has no barrier hook.
 */
final class RootCache {

    /** Roots cached per subtask at most, by default (a root's state is a few hundred bytes). */
    static final int CAPACITY = 50_000;

    /** Cached for a label the state has no root of (a label merged into another root). */
    private static final RootState ABSENT = new RootState();

    private final MapState<String, RootState> roots;
    private final int capacity;
    private boolean enabled;
    /** The key the backend is at, set by {@link #at}. */
    private String key;
    /** Per key, its cached roots, as changed. */
    private final Map<String, Map<String, RootState>> cached = new HashMap<>();
    /** Per key, the cached roots changed since they were last written back. */
    private final Map<String, Set<String>> dirty = new HashMap<>();
    private int size;

    RootCache(MapState<String, RootState> roots, int capacity) {
        this.roots = roots;
        this.capacity = capacity;
    }

    void enable() {
        enabled = true;
    }

    /** The backend's current key: call before the first access of each element or timer. */
    void at(String key) {
        this.key = key;
    }

    RootState get(String label) throws Exception {
        if (!enabled) {
            return roots.get(label);
        }
        Map<String, RootState> own = cached.get(key);
        RootState r = own == null ? null : own.get(label);
        if (r == null) {
            r = roots.get(label);
            keep(label, r == null ? ABSENT : r); // only this subtask writes the key's roots
        }
        return r == ABSENT ? null : r;
    }

    void put(String label, RootState r) throws Exception {
        if (!enabled) {
            roots.put(label, r);
            return;
        }
        keep(label, r);
        dirty.computeIfAbsent(key, k -> new HashSet<>()).add(label);
    }

    void remove(String label) throws Exception {
        roots.remove(label);
        if (!enabled) {
            return;
        }
        keep(label, ABSENT);
        Set<String> changed = dirty.get(key);
        if (changed != null) {
            changed.remove(label);
        }
    }

    /** The current key's roots as the state holds them once its changes are written back. */
    Iterable<Map.Entry<String, RootState>> entries() throws Exception {
        writeBackCurrentKey();
        return roots.entries();
    }

    boolean full() {
        return size > capacity;
    }

    /**
     * Writes every changed root to the keyed state, switching the backend to each key with
     * {@code setKey} (the caller restores its own key afterwards); empties a full cache.
     */
    void writeBack(Consumer<String> setKey) throws Exception {
        for (Map.Entry<String, Set<String>> e : dirty.entrySet()) {
            setKey.accept(e.getKey());
            Map<String, RootState> own = cached.get(e.getKey());
            for (String label : e.getValue()) {
                roots.put(label, own.get(label));
            }
        }
        dirty.clear();
        if (full()) {
            cached.clear();
            size = 0;
        }
    }

    private void writeBackCurrentKey() throws Exception {
        Set<String> changed = dirty.remove(key);
        if (changed != null) {
            Map<String, RootState> own = cached.get(key);
            for (String label : changed) {
                roots.put(label, own.get(label));
            }
        }
    }

    private void keep(String label, RootState r) {
        if (cached.computeIfAbsent(key, k -> new HashMap<>()).put(label, r) == null) {
            size++;
        }
    }
}
