package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubtaskCountsTest {

    @Test
    void busiestShareIsTheLargestSubtaskOverTheStage() {
        assertThat(new SubtaskCounts("even", List.of(50L, 50L)).busiestShare()).isEqualTo(0.5);
        assertThat(new SubtaskCounts("skewed", List.of(10L, 30L)).busiestShare()).isEqualTo(0.75);
        assertThat(new SubtaskCounts("one key", List.of(0L, 0L, 80L, 0L)).busiestShare()).isEqualTo(1.0);
        assertThat(new SubtaskCounts("idle", List.of(0L, 0L)).busiestShare()).isNaN();
    }

    @Test
    void aRunReportsItsWorstStageAtThatParallelismAndIgnoresTheSourceAndEmptyStages() {
        JobRun run = new JobRun(1, 1, null, List.of(
                new SubtaskCounts("source", List.of(100L)),
                new SubtaskCounts("dedup", List.of(48L, 52L)),
                new SubtaskCounts("registry", List.of(0L, 90L)),
                new SubtaskCounts("dead letters", List.of(0L, 0L))), null, true);
        assertThat(run.busiestShare(2)).isEqualTo(1.0);
        assertThat(run.busiestShare(4)).isNaN();
    }

    @Test
    void aCancelledRunHasNoRateAFinishedOneHasInputOverProcessingTime() {
        List<SubtaskCounts> stages = List.of(new SubtaskCounts("source", List.of(0L)), new SubtaskCounts("linker", List.of(300L, 330L)));
        assertThat(new JobRun(2_000_000_000L, 1, null, stages, null, true).recordsPerSecond(200)).isEqualTo(100.0);
        JobRun cancelled = new JobRun(2_000_000_000L, 1, null, stages, null, false);
        assertThat(cancelled.recordsPerSecond(200)).isNaN();
        assertThat(cancelled.recordsRead()).isEqualTo(630);
        assertThat(cancelled.counter("anything")).isZero();
    }
}
