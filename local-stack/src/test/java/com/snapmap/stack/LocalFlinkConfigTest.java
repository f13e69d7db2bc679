package com.snapmap.stack;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalFlinkConfigTest {

    static final Path CONF = Path.of(System.getProperty("snapmap.flink.conf", "../flink-conf"));

    @Test
    void productionConfigHasTheRequiredSettings() {
        Configuration c = GlobalConfiguration.loadConfiguration(CONF.toString());
        assertThat(c.getString("state.backend.type", null)).isEqualTo("rocksdb");
        assertThat(c.getString("execution.checkpointing.incremental", null)).isEqualTo("true");
        assertThat(c.getString("execution.checkpointing.mode", null)).isEqualTo("EXACTLY_ONCE");
        assertThat(c.getString("execution.checkpointing.interval", null)).isEqualTo("30s");
        assertThat(c.getString("execution.checkpointing.tolerable-failed-checkpoints", null)).isEqualTo("3");
        assertThat(c.getString("execution.checkpointing.dir", "")).startsWith("file://");
        assertThat(c.getString("execution.checkpointing.savepoint-dir", "")).startsWith("file://");
        assertThat(c.getString("restart-strategy.type", null)).isEqualTo("exponential-delay");
        assertThat(c.getString("restart-strategy.exponential-delay.attempts-before-reset-backoff", null)).isEqualTo("2147483647");
        assertThat(c.getString("rest.bind-address", null)).isEqualTo("127.0.0.1");
        assertThat(Integer.parseInt(c.getString("taskmanager.numberOfTaskSlots", "1"))).isGreaterThanOrEqualTo(4);
        assertThat(c.getString("env.java.opts.all", "")).contains(FlinkSessionCluster.JAVA17_OPENS);
        assertThat(c.getString("env.java.opts.all", "")).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(CONF.resolve("flink-conf.yaml")).doesNotExist();
        assertThat(CONF.resolve("log4j.properties")).exists();
        assertThat(CONF.resolve("log4j-console.properties")).exists();
    }

    @Test
    void generatedConfigKeepsProductionSettingsAndAppliesLocalOverrides(@TempDir Path tmp) {
        WorkDir wd = new WorkDir(tmp.resolve("flink"));
        LocalFlinkConfig.generate(CONF, wd, Map.of("taskmanager.numberOfTaskSlots", "2", "parallelism.default", "3"));

        assertThat(wd.confDir().resolve("log4j.properties")).exists();
        assertThat(wd.confDir().resolve("flink-conf.yaml")).doesNotExist();
        Configuration c = GlobalConfiguration.loadConfiguration(wd.confDir().toString());
        assertThat(c.getString("state.backend.type", null)).isEqualTo("rocksdb");
        assertThat(c.getString("execution.checkpointing.incremental", null)).isEqualTo("true");
        assertThat(c.getString("execution.checkpointing.dir", null)).isEqualTo("file://" + wd.checkpointsDir());
        assertThat(c.getString("execution.checkpointing.savepoint-dir", null)).isEqualTo("file://" + wd.savepointsDir());
        assertThat(c.getString("rest.bind-address", null)).isEqualTo("127.0.0.1");
        assertThat(c.getString("rest.port", null)).isNotEqualTo("8081");
        assertThat(c.getString("taskmanager.numberOfTaskSlots", null)).isEqualTo("4"); // raised to the minimum
        assertThat(c.getString("parallelism.default", null)).isEqualTo("3");           // caller override wins
        assertThat(c.getString("taskmanager.memory.process.size", null)).isEqualTo(LocalFlinkConfig.TM_MEMORY);
        assertThat(c.getString("io.tmp.dirs", "")).startsWith(wd.root().toString());
    }

    @Test
    void refusesAFolderWithALegacyConfigFile(@TempDir Path tmp) throws Exception {
        Files.copy(CONF.resolve("config.yaml"), tmp.resolve("config.yaml"));
        Files.writeString(tmp.resolve("flink-conf.yaml"), "rest.port: 1\n");
        assertThatThrownBy(() -> LocalFlinkConfig.generate(tmp, new WorkDir(tmp.resolve("w")), Map.of()))
                .hasMessageContaining("legacy flink-conf.yaml");
    }
}
