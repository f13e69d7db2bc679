package com.snapmap.job.io;

import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where a local run keeps its keyed state: on the JVM heap, or in embedded RocksDB as the
 * production cluster does (flink-conf/). Chosen by name so callers need no RocksDB classes.
 */
public enum StateBackendKind {
    HEAP("hashmap"),
    ROCKSDB("rocksdb");

    private final String flinkName;

    StateBackendKind(String flinkName) {
        this.flinkName = flinkName;
    }

    /** Sets {@code state.backend.type} on a configuration the local environment is built from. */
    public Configuration applyTo(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, flinkName);
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
