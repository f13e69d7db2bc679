package com.snapmap.job;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;

/**
 * The entries of the current key, as the plain logic sees them: a keyed map state in the job, a
 * cache in front of one ({@link WriteBehindCache}), or a hash map in unit tests.
 */
interface EntryStore<V> {

    /** The entry's value; null when the store holds none. */
    V get(String entry) throws Exception;

    void put(String entry, V value) throws Exception;

    void remove(String entry) throws Exception;

    /** The current key's entries as the store holds them. */
    default Iterable<Map.Entry<String, V>> entries() throws Exception {
        throw new UnsupportedOperationException("this store lists no entries");
    }

    /** A keyed map state, read and written for its current key. */
    static <V> EntryStore<V> of(MapState<String, V> state) {
        return new EntryStore<>() {
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

            @Override
            public Iterable<Map.Entry<String, V>> entries() throws Exception {
                return state.entries();
            }
        };
    }

    /** A store in memory (unit tests). */
    static <V> EntryStore<V> inMemory(Map<String, V> map) {
        return new EntryStore<>() {
            @Override
            public V get(String entry) {
                return map.get(entry);
            }

            @Override
            public void put(String entry, V value) {
                map.put(entry, value);
            }

            @Override
            public void remove(String entry) {
                map.remove(entry);
            }

            @Override
            public Iterable<Map.Entry<String, V>> entries() {
                return map.entrySet();
            }
        };
    }

    /** A store in a new hash map (unit tests). */
    static <V> EntryStore<V> inMemory() {
        return inMemory(new HashMap<>());
    }
}
