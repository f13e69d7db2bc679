package com.snapmap.job;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
 * the state at once, unless the cache knows the state does not hold the entry (read as absent or
 * removed, and not written back since). Writing back switches keys, which only an operator can do, hence
 * {@link WriteBehindOperator}.
 *
 * <p>Off (every call goes to the state) unless {@link #enable()}d: on heap the state is memory
 * already, and a function run without {@link WriteBehindOperator} (tests) has no barrier hook.
 *
 * @param <V> the state's values; only this subtask writes its keys' entries, so what it cached
 *     stays true until it changes it
 */
final class WriteBehindCache<V> implements EntryStore<V> {

    /**
     * Entries cached per cache and subtask at most. A root's state is a few hundred bytes, so a
     * subtask's caches stay within some 10 MB each: the TaskManager that {@code ./snapmap up} starts
     * has 1.5 GB for everything, RocksDB's managed memory included.
     */
    static final int CAPACITY = 20_000;

    /** A value state as a store of one entry per key, whatever the entry's name. */
    static <V> EntryStore<V> of(ValueState<V> state) {
        return new EntryStore<>() {
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

    /** What is cached of one entry. */
    private static final class Slot {
        /** The entry's value; null for an entry the state does not hold (merged into another, cleared). */
        Object value;
        /** Changed since last written back. */
        boolean dirty;
        /**
         * Whether the state may hold the entry: false when it was read as absent or removed and
         * not written since, so removing it again needs no state access.
         */
        boolean stored;
    }

    private final EntryStore<V> state;
    private final int capacity;
    private boolean enabled;
    /** The key the backend is at, set by {@link #at}. */
    private String key;
    /** The current key's slots, looked up once per {@link #at}. */
    private Map<String, Slot> own;
    /** Per key, its cached entries. */
    private final Map<String, Map<String, Slot>> cached = new HashMap<>();
    /** The keys with entries changed since they were last written back. */
    private final Set<String> dirty = new HashSet<>();
    private int size;

    WriteBehindCache(EntryStore<V> state, int capacity) {
        this.state = state;
        this.capacity = capacity;
    }

    void enable() {
        enabled = true;
    }

    /** The backend's current key: call before the first access of each element or timer. */
    void at(String key) {
        this.key = key;
        this.own = null;
    }

    @SuppressWarnings("unchecked")
    @Override
    public V get(String entry) throws Exception {
        if (!enabled) {
            return state.get(entry);
        }
        Slot slot = slots().get(entry);
        if (slot == null) {
            slot = slot(entry);
            slot.value = state.get(entry);
            slot.stored = slot.value != null;
        }
        return (V) slot.value;
    }

    @Override
    public void put(String entry, V value) throws Exception {
        if (!enabled) {
            state.put(entry, value);
            return;
        }
        Slot slot = slots().get(entry);
        if (slot == null) {
            slot = slot(entry);
            slot.stored = true; // not read: the state may hold an older value
        }
        slot.value = value;
        slot.dirty = true;
        dirty.add(key);
    }

    @Override
    public void remove(String entry) throws Exception {
        if (!enabled) {
            state.remove(entry);
            return;
        }
        Slot slot = slots().get(entry);
        if (slot == null) {
            slot = slot(entry);
            slot.stored = true;
        }
        if (slot.stored) {
            state.remove(entry);
        }
        // Created and gone between two write-backs (a short-lived label, a root merged away): the
        // state never saw it.
        slot.value = null;
        slot.dirty = false;
        slot.stored = false;
    }

    boolean full() {
        return size > capacity;
    }

    /**
     * Writes every changed entry to the keyed state, switching the backend to each key with
     * {@code setKey} (the caller restores its own key afterwards); empties a full cache.
     */
    void writeBack(Consumer<String> setKey) throws Exception {
        for (String k : dirty) {
            setKey.accept(k);
            write(cached.get(k));
        }
        dirty.clear();
        if (full()) {
            cached.clear();
            own = null;
            size = 0;
        }
    }

    /**
     * The current key's entries (the backend is at that key), for a scan of all of them: its
     * changes are written back first, so the state holds what the cache does.
     */
    @Override
    public Iterable<Map.Entry<String, V>> entries() throws Exception {
        if (dirty.remove(key)) {
            write(slots());
        }
        return state.entries();
    }

    @SuppressWarnings("unchecked")
    private void write(Map<String, Slot> slots) throws Exception {
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot slot = e.getValue();
            if (slot.dirty) {
                state.put(e.getKey(), (V) slot.value);
                slot.dirty = false;
                slot.stored = true;
            }
        }
    }

    private Map<String, Slot> slots() {
        if (own == null) {
            own = cached.computeIfAbsent(key, k -> new HashMap<>());
        }
        return own;
    }

    private Slot slot(String entry) {
        Slot slot = new Slot();
        slots().put(entry, slot);
        size++;
        return slot;
    }
}
