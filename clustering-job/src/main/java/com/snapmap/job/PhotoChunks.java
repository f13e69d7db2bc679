package com.snapmap.job;

import com.carrotsearch.hppc.LongObjectHashMap;
import com.carrotsearch.hppc.cursors.LongObjectCursor;
import com.snapmap.job.model.CellPhoto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The cell linker's photos in keyed state, for a restore only (the linker works from its in-memory
 * {@link LinkIndex}): per region, a {@link ChunkedList} per sweep that forgets them, in whole
 * chunks of at most {@value #CHUNK} photos under {@code "sweep/n"} in "photo-chunks" (state format
 * v1). A sweep then removes chunks, not a photo at a time.
 *
 * <p>A chunk fills in memory and is written when it holds {@value #CHUNK} photos or when the
 * operator writes back (before each checkpoint barrier), then never again: a photo costs a share
 * of one put instead of a put and a delete of its own (docs/HOT-PATH.md). The photos are in the
 * index anyway, so a filling chunk costs a list slot.
 */
final class PhotoChunks {

    static final int CHUNK = 256;

    private final ChunkedList<CellPhoto> chunks;
    /** Regions with a filling chunk, for {@link #writeBack}. */
    private final Map<String, Region> filling = new HashMap<>();

    /** What this task knows of one region's chunks: per sweep, how many are written and the filling one. */
    static final class Region {
        private final String key;
        private final LongObjectHashMap<Sweep> sweeps = new LongObjectHashMap<>();
        private boolean filling;

        Region(String key) {
            this.key = key;
        }
    }

    private static final class Sweep {
        final String list;
        int written;
        final List<CellPhoto> filling = new ArrayList<>();

        Sweep(long sweep) {
            list = Long.toString(sweep);
        }
    }

    PhotoChunks(RuntimeContext context) {
        chunks = new ChunkedList<>(EntryStore.of(context.getMapState(new MapStateDescriptor<>("photo-chunks",
                Types.STRING, Types.OBJECT_ARRAY(CellPhoto.pojoType())))), "/", CHUNK, CellPhoto[]::new);
    }

    /** A region none of whose photos are in state (nothing was restored). */
    Region empty(String key) {
        return new Region(key);
    }

    /** A region as a restore left it (the backend's current key): hands every photo in state to {@code photo}. */
    Region restore(String key, Consumer<CellPhoto> photo) throws Exception {
        Region r = new Region(key);
        chunks.forEach((list, n, photos) -> {
            Sweep s = sweep(r, Long.parseLong(list));
            s.written = Math.max(s.written, n + 1);
            for (CellPhoto p : photos) {
                photo.accept(p);
            }
        });
        return r;
    }

    /** Stores a photo forgotten at {@code sweep}; the backend's current key is the region's. */
    void add(Region r, long sweep, CellPhoto p) throws Exception {
        Sweep s = sweep(r, sweep);
        s.filling.add(p);
        if (s.filling.size() == CHUNK) {
            write(s);
        } else if (!r.filling) {
            r.filling = true;
            filling.put(r.key, r);
        }
    }

    /** Drops the chunks of every sweep up to {@code sweep}; the backend's current key is the region's. */
    void forgetUpTo(Region r, long sweep) throws Exception {
        List<Long> gone = new ArrayList<>();
        for (LongObjectCursor<Sweep> c : r.sweeps) {
            if (c.key <= sweep) {
                gone.add(c.key);
                chunks.removeChunks(c.value.list, c.value.written);
            }
        }
        for (long g : gone) {
            r.sweeps.remove(g);
        }
    }

    /** Writes every filling chunk, switching the backend to each region with {@code setKey}. */
    void writeBack(Consumer<String> setKey) throws Exception {
        for (Region r : filling.values()) {
            r.filling = false;
            boolean keySet = false;
            for (LongObjectCursor<Sweep> c : r.sweeps) {
                if (!c.value.filling.isEmpty()) {
                    if (!keySet) {
                        setKey.accept(r.key);
                        keySet = true;
                    }
                    write(c.value);
                }
            }
        }
        filling.clear();
    }

    private void write(Sweep s) throws Exception {
        chunks.put(s.list, s.written++, s.filling.toArray(new CellPhoto[0]));
        s.filling.clear();
    }

    private static Sweep sweep(Region r, long sweep) {
        Sweep s = r.sweeps.get(sweep);
        if (s == null) {
            s = new Sweep(sweep);
            r.sweeps.put(sweep, s);
        }
        return s;
    }
}
