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
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The cell linker's photos in keyed state, for a restore only (the linker works from its in-memory
 * {@link LinkIndex}): per region, in chunks by the sweep that forgets them, under
 * {@code "sweep/n"}. A sweep then removes a chunk, not a photo at a time.
 *
 * <p>With {@link #writeBehind()} a chunk fills in memory and is written when it holds
 * {@value #CHUNK} photos or when the operator writes back (before each checkpoint barrier): on
 * RocksDB a photo costs a share of one put instead of a put and a delete of its own (these were
 * the largest RocksDB cost of the job). The photos are in the index anyway, so a filling chunk
 * costs a list slot. Without it, each photo is a chunk of its own, written at once.
 */
final class PhotoChunks {

    static final int CHUNK = 256;

    private final MapState<String, CellPhoto[]> chunks;
    private boolean writeBehind;
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
        int written;
        final List<CellPhoto> filling = new ArrayList<>();
    }

    PhotoChunks(RuntimeContext context) {
        chunks = context.getMapState(new MapStateDescriptor<>("photo-chunks", Types.STRING,
                Types.OBJECT_ARRAY(CellPhoto.pojoType())));
    }

    /** Keeps filling chunks in memory until full or {@link #writeBack}; call before the first photo. */
    void writeBehind() {
        writeBehind = true;
    }

    /** A region none of whose photos are in state (nothing was restored). */
    Region empty(String key) {
        return new Region(key);
    }

    /** A region as a restore left it (the backend's current key): hands every photo in state to {@code photo}. */
    Region restore(String key, Consumer<CellPhoto> photo) throws Exception {
        Region r = new Region(key);
        for (Map.Entry<String, CellPhoto[]> e : chunks.entries()) {
            String k = e.getKey();
            int slash = k.indexOf('/');
            long sweep = Long.parseLong(k.substring(0, slash));
            int n = Integer.parseInt(k.substring(slash + 1));
            Sweep s = sweep(r, sweep);
            s.written = Math.max(s.written, n + 1);
            for (CellPhoto p : e.getValue()) {
                photo.accept(p);
            }
        }
        return r;
    }

    /** Stores a photo forgotten at {@code sweep}; the backend's current key is the region's. */
    void add(Region r, long sweep, CellPhoto p) throws Exception {
        Sweep s = sweep(r, sweep);
        s.filling.add(p);
        if (!writeBehind || s.filling.size() == CHUNK) {
            write(sweep, s);
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
                for (int n = 0; n < c.value.written; n++) {
                    chunks.remove(key(c.key, n));
                }
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
                    write(c.key, c.value);
                }
            }
        }
        filling.clear();
    }

    private void write(long sweep, Sweep s) throws Exception {
        chunks.put(key(sweep, s.written++), s.filling.toArray(new CellPhoto[0]));
        s.filling.clear();
    }

    private static Sweep sweep(Region r, long sweep) {
        Sweep s = r.sweeps.get(sweep);
        if (s == null) {
            s = new Sweep();
            r.sweeps.put(sweep, s);
        }
        return s;
    }

    private static String key(long sweep, int n) {
        return sweep + "/" + n;
    }
}
