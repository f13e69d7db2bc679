package com.snapmap.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The photos erased from open events (docs/SEMANTICS.md, "Deleting a photo"), as the event registry
 * and the border merge hold them: per key (a region, a node) and entry (a root, a part's label), the
 * ids of the entry's photos erased while it was open. An event's document leaves them out of its
 * {@code photoCount} at once; its version still counts them (photos ever counted), so a guarded write
 * of the lower count is never refused. Flink-free; {@link WriteBehindFunction} points it at the call's
 * key and keeps it in operator state.
 *
 * <p>Erasures are rare and an entry goes when its event closes, so this is held in memory on every
 * backend: the per-photo path reads no state for it (a document asks this map, where most keys have no entry).
 */
final class HotErasures implements EntryStore<String[]> {

    private static final char SEPARATOR = '\u0000';

    private final Map<String, Map<String, String[]>> byKey = new HashMap<>();
    private String key;

    /** Points the store at {@code key}, the key of the current call. */
    void at(String key) {
        this.key = key;
    }

    @Override
    public String[] get(String entry) {
        Map<String, String[]> entries = byKey.get(key);
        return entries == null ? null : entries.get(entry);
    }

    @Override
    public void put(String entry, String[] photoIds) {
        if (photoIds == null || photoIds.length == 0) {
            remove(entry);
        } else {
            byKey.computeIfAbsent(key, k -> new HashMap<>()).put(entry, photoIds);
        }
    }

    @Override
    public void remove(String entry) {
        Map<String, String[]> entries = byKey.get(key);
        if (entries != null && entries.remove(entry) != null && entries.isEmpty()) {
            byKey.remove(key);
        }
    }

    /** What a checkpoint keeps: one {@code key NUL entry NUL id NUL id ...} line per entry. */
    List<String> snapshot() {
        List<String> out = new ArrayList<>();
        byKey.forEach((k, entries) -> entries.forEach((entry, ids) -> {
            StringBuilder b = new StringBuilder(k).append(SEPARATOR).append(entry);
            for (String id : ids) {
                b.append(SEPARATOR).append(id);
            }
            out.add(b.toString());
        }));
        return out;
    }

    /** After a restore: the lines of {@link #snapshot} whose key {@code owns} accepts (a rescale moves keys). */
    void restore(Iterable<String> lines, Predicate<String> owns) {
        for (String line : lines) {
            String[] f = line.split(String.valueOf(SEPARATOR), -1);
            if (f.length < 3 || !owns.test(f[0])) {
                continue;
            }
            String[] ids = new String[f.length - 2];
            System.arraycopy(f, 2, ids, 0, ids.length);
            byKey.computeIfAbsent(f[0], k -> new HashMap<>()).put(f[1], ids);
        }
    }

    /** {@code ids} with {@code photoId}, or null when it holds it already. */
    static String[] adding(String[] ids, String photoId) {
        if (ids == null) {
            return new String[] {photoId};
        }
        for (String id : ids) {
            if (id.equals(photoId)) {
                return null;
            }
        }
        String[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = photoId;
        return out;
    }

    /** Both lists of ids as one (either may be null). */
    static String[] joined(String[] a, String[] b) {
        if (a == null || a.length == 0) {
            return b;
        }
        if (b == null || b.length == 0) {
            return a;
        }
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int size(String[] ids) {
        return ids == null ? 0 : ids.length;
    }
}
