package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedriveHorizonTest {

    @Test
    void isTheLatenessLessTheOutOfOrdernessAndTheMargin() {
        assertThat(RedriveHorizon.defaults()).isEqualTo(Duration.ofSeconds(3300));
        assertThat(RedriveHorizon.of(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(90)))
                .isEqualTo(Duration.ofMinutes(8));
        assertThatThrownBy(() -> RedriveHorizon.of(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(1)))
                .hasMessageContaining("negative");
    }
}
