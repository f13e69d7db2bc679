package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WriteBehindCacheTest {

    /** Keyed state as a backend holds it: entries per key, at the key last switched to; counts accesses. */
    private static final class KeyedStore implements EntryStore<String> {
        final Map<String, Map<String, String>> byKey = new HashMap<>();
        String key;
        int reads;
        int writes;
        int removes;

        void at(String key) {
            this.key = key;
        }

        @Override
        public String get(String entry) {
            reads++;
            return byKey.getOrDefault(key, Map.of()).get(entry);
        }

        @Override
        public void put(String entry, String value) {
            writes++;
            byKey.computeIfAbsent(key, k -> new HashMap<>()).put(entry, value);
        }

        @Override
        public void remove(String entry) {
            removes++;
            byKey.getOrDefault(key, new HashMap<>()).remove(entry);
        }

        @Override
        public Iterable<Map.Entry<String, String>> entries() {
            return Map.copyOf(byKey.getOrDefault(key, Map.of())).entrySet();
        }

        String stored(String key, String entry) {
            return byKey.getOrDefault(key, Map.of()).get(entry);
        }
    }

    private final KeyedStore store = new KeyedStore();
    private final WriteBehindCache<String> cache = new WriteBehindCache<>(store, 3);

    private void at(String key) {
        store.at(key);
        cache.at(key);
    }

    private WriteBehindCache<String> enabled() {
        cache.enable();
        return cache;
    }

    @Test
    void readsAnEntryFromStateOnce() throws Exception {
        at("k");
        store.put("a", "1");
        enabled();
        assertThat(cache.get("a")).isEqualTo("1");
        assertThat(cache.get("a")).isEqualTo("1");
        assertThat(cache.get("missing")).isNull();
        assertThat(cache.get("missing")).isNull();
        assertThat(store.reads).isEqualTo(2);
    }

    @Test
    void aChangedEntryReachesStateOnceAtTheWriteBack() throws Exception {
        enabled();
        at("k");
        cache.put("a", "1");
        cache.put("a", "2");
        assertThat(store.stored("k", "a")).isNull();
        cache.writeBack(store::at);
        assertThat(store.stored("k", "a")).isEqualTo("2");
        assertThat(store.writes).isEqualTo(1);
        cache.writeBack(store::at);
        assertThat(store.writes).as("nothing changed since").isEqualTo(1);
    }

    @Test
    void theWriteBackSwitchesToEachKeyWithChangesOnly() throws Exception {
        enabled();
        at("k1");
        cache.put("a", "1");
        at("k2");
        cache.get("b");
        at("k3");
        cache.put("c", "3");
        List<String> keys = new ArrayList<>();
        cache.writeBack(k -> {
            keys.add(k);
            store.at(k);
        });
        assertThat(keys).containsExactlyInAnyOrder("k1", "k3");
        assertThat(store.stored("k1", "a")).isEqualTo("1");
        assertThat(store.stored("k3", "c")).isEqualTo("3");
    }

    @Test
    void anEntryCreatedAndRemovedBetweenWriteBacksNeverReachesTheState() throws Exception {
        enabled();
        at("k");
        assertThat(cache.get("a")).isNull();
        cache.put("a", "1");
        cache.remove("a");
        assertThat(cache.get("a")).isNull();
        cache.writeBack(store::at);
        assertThat(store.reads).isEqualTo(1);
        assertThat(store.writes).isZero();
        assertThat(store.removes).isZero();
    }

    @Test
    void removingAnEntryWrittenBackRemovesItFromStateAtOnce() throws Exception {
        enabled();
        at("k");
        cache.put("a", "1");
        cache.writeBack(store::at);
        at("k");
        cache.remove("a");
        assertThat(store.stored("k", "a")).isNull();
        assertThat(cache.get("a")).isNull();
        cache.remove("a");
        assertThat(store.removes).as("gone already").isEqualTo(1);
    }

    @Test
    void removingAnEntryNeverReadRemovesItFromState() throws Exception {
        at("k");
        store.put("a", "1");
        enabled();
        cache.remove("a");
        assertThat(store.stored("k", "a")).isNull();
        assertThat(cache.get("a")).isNull();
        assertThat(store.reads).isZero();
    }

    @Test
    void anEntryPutWithoutAReadMayBeInStateSoItsRemovalReachesTheState() throws Exception {
        at("k");
        store.put("a", "old");
        enabled();
        cache.put("a", "new");
        cache.remove("a");
        cache.writeBack(store::at);
        assertThat(store.stored("k", "a")).isNull();
    }

    @Test
    void aFullCacheIsEmptiedAtTheWriteBackAndReadsTheStateAgain() throws Exception {
        enabled();
        at("k");
        for (int i = 0; i < 4; i++) {
            cache.put("e" + i, "v" + i);
        }
        assertThat(cache.full()).isTrue();
        cache.writeBack(store::at);
        assertThat(cache.full()).isFalse();
        at("k");
        assertThat(cache.get("e0")).isEqualTo("v0");
        assertThat(store.reads).isEqualTo(1);
    }

    @Test
    void withoutEnableEveryCallGoesToTheState() throws Exception {
        at("k");
        cache.put("a", "1");
        assertThat(store.stored("k", "a")).isEqualTo("1");
        assertThat(cache.get("a")).isEqualTo("1");
        cache.remove("a");
        assertThat(store.stored("k", "a")).isNull();
        assertThat(store.reads).isEqualTo(1);
        assertThat(store.removes).isEqualTo(1);
    }

    @Test
    void theCurrentKeysChangesAreWrittenBeforeItsEntriesAreListed() throws Exception {
        enabled();
        at("k");
        cache.put("a", "1");
        assertThat(cache.entries()).containsExactly(Map.entry("a", "1"));
        assertThat(store.stored("k", "a")).isEqualTo("1");
        cache.writeBack(store::at);
        assertThat(store.writes).isEqualTo(1);
    }
}
