package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CaughtUpTest {

    @Test
    void committedAtTheMarkOnEveryPartitionHasCaughtUp() {
        assertThat(CaughtUp.reached(Map.of(0, 12L, 1, 7L), Map.of(0, 12L, 1, 7L))).isTrue();
    }

    @Test
    void onePartitionBehindTheMarkHasNot() {
        assertThat(CaughtUp.reached(Map.of(0, 12L, 1, 6L), Map.of(0, 12L, 1, 7L))).isFalse();
    }

    @Test
    void aPartitionNeverCommittedHasNotUnlessItIsEmpty() {
        assertThat(CaughtUp.reached(Map.of(0, 12L), Map.of(0, 12L, 1, 3L))).isFalse();
        assertThat(CaughtUp.reached(Map.of(0, 12L), Map.of(0, 12L, 1, 0L))).isTrue();
    }
}
