package com.snapmap.job.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class StateBackendKindTest {

    /** The production configuration folder of this repository. */
    static final Path FLINK_CONF = Path.of("..", "flink-conf");

    @Test
    void localRocksDbRunsUseTheProductionTuning() {
        Configuration production = GlobalConfiguration.loadConfiguration(FLINK_CONF.toString());
        for (Map.Entry<String, String> e : StateBackendKind.ROCKSDB_TUNING.entrySet()) {
            assertThat(production.toMap()).as(e.getKey()).containsEntry(e.getKey(), e.getValue());
        }
    }

    @Test
    void rocksDbSetsTheBackendAndItsTuning() {
        Configuration c = StateBackendKind.ROCKSDB.applyTo(new Configuration());
        assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(c.toMap()).containsAllEntriesOf(StateBackendKind.ROCKSDB_TUNING);
    }

    @Test
    void heapSetsNoRocksDbOption() {
        Configuration c = StateBackendKind.HEAP.applyTo(new Configuration());
        assertThat(c.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(c.keySet()).noneMatch(k -> k.startsWith("state.backend.rocksdb."));
    }

    @Test
    void unknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> StateBackendKind.parse("memory"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heap or rocksdb");
    }
}
