package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.snapmap.job.prod.JobSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

class RestartStrategyTest {

    static final Path FLINK_CONF = Path.of("..", "flink-conf");

    private static JobSettings settings(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(extra);
        m.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        m.put("mongo.uri", "mongodb://127.0.0.1:27017");
        return JobSettings.of(m);
    }

    @Test
    void theJobsDefaultStrategyIsTheOneFlinkConfGivesTheCluster() {
        Configuration cluster = GlobalConfiguration.loadConfiguration(FLINK_CONF.toString());
        Configuration job = ClusteringJobMain.restartStrategy(settings(Map.of()));
        for (var option : java.util.List.of(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD)) {
            assertThat(job.get(option)).as(option.key()).isEqualTo(cluster.get(option));
        }
        for (var option : java.util.List.of(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR)) {
            assertThat(job.get(option)).as(option.key()).isEqualTo(cluster.get(option));
        }
        assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo(cluster.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(cluster.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void zeroAttemptsFailsTheJobAtTheFirstFault() {
        assertThat(ClusteringJobMain.restartStrategy(settings(Map.of("restart.attempts", "0")))
                .get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("none");
    }

    @Test
    void anInitialBackoffAboveTheMaximumIsRefusedAtStart() {
        assertThatThrownBy(() -> settings(Map.of("restart.initial-backoff-ms", "120000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("restart.initial-backoff-ms");
    }
}
