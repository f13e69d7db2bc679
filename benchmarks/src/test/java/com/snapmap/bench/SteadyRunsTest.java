package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRunsTest {

    private static JobRun run(long wallMillis, boolean finished) {
        return new JobRun(wallMillis * 1_000_000, 0, null, List.of(), null, finished);
    }

    @Test
    void medianIsTheMiddleRunByWallTime() {
        SteadyRuns runs = new SteadyRuns();
        JobRun middle = run(5_000, true);
        runs.add(run(9_000, true));
        runs.add(middle);
        runs.add(run(4_000, true));
        assertThat(runs.median()).isSameAs(middle);
    }

    @Test
    void aCancelledRunCountsAsTheSlowest() {
        SteadyRuns runs = new SteadyRuns();
        JobRun fast = run(2_000, true);
        JobRun slower = run(3_000, true);
        runs.add(run(1_000, false)); // cut off at its limit: its short wall time says nothing
        runs.add(slower);
        runs.add(fast);
        assertThat(runs.median()).isSameAs(slower);
    }

    @Test
    void spreadGivesTheLowestAndHighestFigure() {
        SteadyRuns runs = new SteadyRuns();
        runs.add(run(2_000, true));
        runs.add(run(4_000, true));
        assertThat(runs.spread(r -> r.recordsPerSecond(100_000))).isEqualTo(Row.format(25_000) + "–" + Row.format(50_000));
    }

    @Test
    void warmUpStopsOnceTwoRunsInARowAreNoLongerFaster() throws Exception {
        // 9 s, 6 s, then 4 s twice within 5 %: steady after the fourth, the fifth is not run
        Iterator<Long> walls = List.of(9_000L, 6_000L, 4_000L, 3_900L, 3_950L, 2_000L).iterator();
        assertThat(SteadyRuns.warmUp(() -> run(walls.next(), true), r -> r.recordsPerSecond(100_000), 10)).isEqualTo(5);
        assertThat(walls.next()).isEqualTo(2_000L);
    }

    @Test
    void aPlateauOfOneRunDoesNotEndTheWarmUp() throws Exception {
        // flat once (4 000 → 3 950 ms), then faster again: the warm-up goes on
        Iterator<Long> walls = List.of(9_000L, 4_000L, 3_950L, 3_000L, 2_990L, 3_010L, 1_000L).iterator();
        assertThat(SteadyRuns.warmUp(() -> run(walls.next(), true), r -> r.recordsPerSecond(100_000), 10)).isEqualTo(6);
        assertThat(walls.next()).isEqualTo(1_000L);
    }

    @Test
    void warmUpStopsAtItsLimitWhileStillRising() throws Exception {
        Iterator<Long> walls = List.of(9_000L, 6_000L, 4_000L, 3_000L).iterator();
        assertThat(SteadyRuns.warmUp(() -> run(walls.next(), true), r -> r.recordsPerSecond(100_000), 3)).isEqualTo(3);
        assertThat(walls.next()).isEqualTo(3_000L);
    }

    @Test
    void noRunIsAnError() {
        assertThatThrownBy(() -> new SteadyRuns().median()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no run");
    }
}
