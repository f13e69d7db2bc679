package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthThresholdsTest {

    @Test
    void theDefaultsAreFiveFifteenAndSixtySeconds() {
        assertThat(HealthThresholds.DEFAULTS).isEqualTo(HealthThresholds.ofSeconds(5, 15, 60));
    }

    @Test
    void secondsMayBeFractional() {
        assertThat(HealthThresholds.ofSeconds(0.5, 3, 10).probeInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRestartBeforeTheDegradedReportIsRefused() {
        assertThatThrownBy(() -> HealthThresholds.ofSeconds(5, 60, 15)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restart-after (15000 ms) must be longer than degraded-after (60000 ms)");
    }

    @Test
    void degradedAfterOneProbeIsRefused() {
        assertThatThrownBy(() -> HealthThresholds.ofSeconds(5, 1, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be at least the probe interval");
    }

    @Test
    void aZeroProbeIntervalIsRefused() {
        assertThatThrownBy(() -> HealthThresholds.ofSeconds(0, 15, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the probe interval must be positive");
    }
}
