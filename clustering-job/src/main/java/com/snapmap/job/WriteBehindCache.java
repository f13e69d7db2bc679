package com.snapmap.job;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * Keyed state with a write-behind cache in front, for state backends that serialize every access
 * (RocksDB): an entry read or changed for every record of its cluster or label (a registry root,
 * a labeler's decision) is read from the backend once and written back once per checkpoint, not
 * once per record.
 *
 * <p>Changed entries reach the keyed state before every checkpoint barrier
 * ({@link WriteBehindOperator#prepareSnapshotPreBarrier}), so a checkpoint holds all of them, and
 * whenever more entries are cached than the capacity (the cache is then emptied). Removals go to
 * the state at once. Writing back switches keys, which only an operator can do, hence
 * {@link WriteBehindOperator}.
 *
 * <p>Off (every call goes to the state) unless {@link #enable()}d: on heap the state is memory
 * already, and a function run without {@link WriteBehindOperator} (tests) has no barrier hook.
 *
 * @param <V> the state's values; only this subtask writes its keys' entries, so what it cached
 *     stays true until it changes it
 */
final class WriteBehindCache<V> {

    /**
     * Entries cached per cache and subtask at most. A root's state is a few hundred bytes, so a
     * subtask's caches stay within some 10 MB each: the TaskManager that {@code ./snapmap up} starts
     * has 1.5 GB for everything, RocksDB's managed memory included.
     */
    static final int CAPACITY = 20_000;

    /** Where the entries live: a map state (by entry), or a value state (one entry per key). */
    interface Store<V> {
        V get(String entry) throws Exception;

        void put(String entry, V value) throws Exception;

        void remove(String entry) throws Exception;
    }

    static <V> Store<V> of(MapState<String, V> state) {
        return new Store<>() {
            @Override
            public V get(String entry) throws Exception {
                return state.get(entry);
            }

            @Override
            public void put(String entry, V value) throws Exception {
                state.put(entry, value);
            }

            @Override
            public void remove(String entry) throws Exception {
                state.remove(entry);
            }
        };
    }

    /** A value state as a store of one entry per key, whatever the entry's name. */
    static <V> Store<V> of(ValueState<V> state) {
        return new Store<>() {
            @Override
            public V get(String entry) throws Exception {
                return state.value();
            }

            @Override
            public void put(String entry, V value) throws Exception {
                state.update(value);
            }

            @Override
            public void remove(String entry) throws Exception {
                state.clear();
            }
        };
    }

    /** Cached for an entry the state does not hold (a root merged into another, a label's cleared decision). */
    private static final Object ABSENT = new Object();

    private final Store<V> state;
    private final int capacity;
    private boolean enabled;
    /** The key the backend is at, set by {@link #at}. */
    private String key;
    /** Per key, its cached entries, as changed. */
    private final Map<String, Map<String, Object>> cached = new HashMap<>();
    /** Per key, the cached entries changed since they were last written back. */
    private final Map<String, Set<String>> dirty = new HashMap<>();
    private int size;

    WriteBehindCache(Store<V> state, int capacity) {
        this.state = state;
        this.capacity = capacity;
    }

    void enable() {
        enabled = true;
    }

    /** The backend's current key: call before the first access of each element or timer. */
    void at(String key) {
        this.key = key;
    }

    @SuppressWarnings("unchecked")
    V get(String entry) throws Exception {
        if (!enabled) {
            return state.get(entry);
        }
        Map<String, Object> own = cached.get(key);
        Object v = own == null ? null : own.get(entry);
        if (v == null) {
            V read = state.get(entry);
            v = read == null ? ABSENT : read;
            keep(entry, v);
        }
        return v == ABSENT ? null : (V) v;
    }

    void put(String entry, V value) throws Exception {
        if (!enabled) {
            state.put(entry, value);
            return;
        }
        keep(entry, value);
        dirty.computeIfAbsent(key, k -> new HashSet<>()).add(entry);
    }

    void remove(String entry) throws Exception {
        state.remove(entry);
        if (!enabled) {
            return;
        }
        keep(entry, ABSENT);
        Set<String> changed = dirty.get(key);
        if (changed != null) {
            changed.remove(entry);
        }
    }

    boolean full() {
        return size > capacity;
    }

    /**
     * Writes every changed entry to the keyed state, switching the backend to each key with
     * {@code setKey} (the caller restores its own key afterwards); empties a full cache.
     */
    void writeBack(Consumer<String> setKey) throws Exception {
        for (Map.Entry<String, Set<String>> e : dirty.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            setKey.accept(e.getKey());
            write(e.getKey(), e.getValue());
        }
        dirty.clear();
        if (full()) {
            cached.clear();
            size = 0;
        }
    }

    /** Writes the current key's changed entries (the backend is at that key): before reading the state around the cache. */
    void writeBackCurrentKey() throws Exception {
        Set<String> changed = dirty.remove(key);
        if (changed != null) {
            write(key, changed);
        }
    }

    @SuppressWarnings("unchecked")
    private void write(String k, Set<String> entries) throws Exception {
        Map<String, Object> own = cached.get(k);
        for (String entry : entries) {
            state.put(entry, (V) own.get(entry));
        }
    }

    private void keep(String entry, Object v) {
        if (cached.computeIfAbsent(key, k -> new HashMap<>()).put(entry, v) == null) {
            size++;
        }
    }
}
