package com.snapmap.job.prod;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes {@link GuardedMongoSink} has not handed over yet, Flink-free. Writes with one coalesce
 * key share a slot, and the one kept is the one their guard would let win
 * ({@link MongoWrites#supersedes}). A key handed over less than {@code rewriteIntervalMillis} ago is
 * <em>held</em> until that interval is up, coalescing whatever else comes for it meanwhile: a
 * growing event is written at most once per interval, its first document at once. Writes without a
 * key are never held and never coalesced.
 */
final class PendingWrites<T> {

    private final MongoWrites<T> writes;
    private final long rewriteIntervalMillis;
    /** Goes out with the next batch, in arrival order (a coalesced write moves to the end). */
    private final Map<Object, T> pending = new LinkedHashMap<>();
    /** Keys written too recently to be written again yet. */
    private final Map<String, T> held = new LinkedHashMap<>();
    /** When each key was last handed over, oldest first; only within the interval. */
    private final LinkedHashMap<String, Long> handedOver = new LinkedHashMap<>();

    PendingWrites(MongoWrites<T> writes, long rewriteIntervalMillis) {
        this.writes = writes;
        this.rewriteIntervalMillis = rewriteIntervalMillis;
    }

    /** A write arrives at {@code now}. */
    void add(T element, long now) {
        String key = writes.coalesceKey(element);
        if (key == null) {
            pending.put(new Object(), element);
            return;
        }
        if (held.containsKey(key) || !pending.containsKey(key) && recentlyHandedOver(key, now)) {
            coalesce(held, key, element);
        } else {
            coalesce(pending, key, element);
        }
    }

    private <K> void coalesce(Map<K, T> into, K key, T element) {
        T waiting = into.get(key);
        if (waiting != null && !writes.supersedes(element, waiting)) {
            return; // the waiting write is the one its guard keeps: this one would be refused
        }
        into.remove(key); // a coalesced write moves to the end: it is the newest
        into.put(key, element);
    }

    private boolean recentlyHandedOver(String key, long now) {
        Long at = handedOver.get(key);
        return at != null && now - at < rewriteIntervalMillis;
    }

    /** Writes due for the next batch (held ones whose interval is up included). */
    int pendingSize() {
        return pending.size();
    }

    boolean hasHeld() {
        return !held.isEmpty();
    }

    /** The next batch at {@code now}: the pending writes and the held ones now due; empty if none. */
    List<T> takeBatch(long now) {
        forgetHandOversBefore(now - rewriteIntervalMillis);
        for (Iterator<Map.Entry<String, T>> it = held.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, T> h = it.next();
            if (!handedOver.containsKey(h.getKey())) {
                pending.put(h.getKey(), h.getValue());
                it.remove();
            }
        }
        return hand(now);
    }

    /** Every write waiting, held or not (before a checkpoint, at the end of input). */
    List<T> takeAll(long now) {
        held.forEach(pending::put);
        held.clear();
        return hand(now);
    }

    private List<T> hand(long now) {
        List<T> batch = new ArrayList<>(pending.values());
        for (Object k : pending.keySet()) {
            if (k instanceof String key) {
                handedOver.remove(key); // re-inserted at the end: the map stays in hand-over order
                handedOver.put(key, now);
            }
        }
        pending.clear();
        return batch;
    }

    private void forgetHandOversBefore(long time) {
        for (Iterator<Long> it = handedOver.values().iterator(); it.hasNext(); ) {
            if (it.next() > time) {
                return;
            }
            it.remove();
        }
    }
}
