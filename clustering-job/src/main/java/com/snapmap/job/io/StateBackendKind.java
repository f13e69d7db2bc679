package com.snapmap.job.io;

import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where a local run keeps its keyed state: on the JVM heap, or in embedded RocksDB as the
 * production cluster does (flink-conf/). Chosen by name so callers need no RocksDB classes.
 */
public enum StateBackendKind {
    HEAP("hashmap"),
    ROCKSDB("rocksdb");

    /**
     * The RocksDB settings production runs with (flink-conf/config.yaml; a test keeps the two
     * equal), applied to local runs too so they measure what production does.
     * <ul>
     *   <li>{@code writebuffer.size} 4 MB: the write buffer manager that bounds RocksDB by managed
     *       memory counts each column family's memtable arena (write buffer / 8) as used. Our
     *       operators have about 20 column families per slot; at RocksDB's 64 MB default their
     *       8 MB arenas alone exceed the budget, so every put flushed a memtable of a few dozen
     *       entries and writes stalled (30 000 photos: 335 photos/s, with 4 MB: 1 650).
     *   <li>{@code timer-service.factory} HEAP: our timers are coalesced (a few per region and
     *       grid step), so keeping them on the heap is small and saves a RocksDB write per
     *       registration.
     * </ul>
     */
    public static final Map<String, String> ROCKSDB_TUNING = Map.of(
            "state.backend.rocksdb.writebuffer.size", "4mb",
            "state.backend.rocksdb.timer-service.factory", "HEAP");

    private final String flinkName;

    StateBackendKind(String flinkName) {
        this.flinkName = flinkName;
    }

    /**
     * Sets {@code state.backend.type} (and for RocksDB {@link #ROCKSDB_TUNING}) on a configuration
     * the local environment is built from.
     */
    public Configuration applyTo(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, flinkName);
        if (this == ROCKSDB) {
            conf.addAll(Configuration.fromMap(ROCKSDB_TUNING));
        }
        return conf;
    }

    /** "heap" or "rocksdb", case-insensitive. */
    public static StateBackendKind parse(String name) {
        for (StateBackendKind k : values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be heap or rocksdb, got '" + name + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
