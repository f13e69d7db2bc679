package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRunsTest {

    /** Warm-up with a JIT compiler that is already quiet: only the rate decides. */
    private static int warmUp(Iterator<Long> walls, int max) throws Exception {
        return SteadyRuns.warmUp(() -> run(walls.next(), true), r -> r.recordsPerSecond(100_000), max, () -> 0L, () -> 0L);
    }

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
        assertThat(warmUp(walls, 10)).isEqualTo(5);
        assertThat(walls.next()).isEqualTo(2_000L);
    }

    @Test
    void aPlateauOfOneRunDoesNotEndTheWarmUp() throws Exception {
        // flat once (4 000 → 3 950 ms), then faster again: the warm-up goes on
        Iterator<Long> walls = List.of(9_000L, 4_000L, 3_950L, 3_000L, 2_990L, 3_010L, 1_000L).iterator();
        assertThat(warmUp(walls, 10)).isEqualTo(6);
        assertThat(walls.next()).isEqualTo(1_000L);
    }

    @Test
    void warmUpStopsAtItsLimitWhileStillRising() throws Exception {
        Iterator<Long> walls = List.of(9_000L, 6_000L, 4_000L, 3_000L).iterator();
        assertThat(warmUp(walls, 3)).isEqualTo(3);
        assertThat(walls.next()).isEqualTo(3_000L);
    }

    @Test
    void noRunIsAnError() {
        assertThatThrownBy(() -> new SteadyRuns().median()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no run");
    }

    @Test
    void warmUpGoesOnWhileTheJitCompilerIsBusy() throws Exception {
        // the rate is flat from the second run on (steady by the rate alone after the third), but
        // the compiler works a quarter of the fourth run's time and goes quiet only in the fifth
        Iterator<Long> walls = List.of(4_000L, 3_990L, 3_980L, 3_970L, 3_960L, 3_950L).iterator();
        Iterator<Long> compiled = List.of(3_000L, 2_000L, 1_500L, 1_000L, 100L).iterator();
        long[] jit = {0};
        long[] clock = {0};
        int n = SteadyRuns.warmUp(() -> {
            long wall = walls.next();
            clock[0] += wall; // the run's wall time passes on the clock, and the compiler's share of it
            jit[0] += compiled.hasNext() ? compiled.next() : 0;
            return run(wall, true);
        }, r -> r.recordsPerSecond(100_000), 10, () -> jit[0], () -> clock[0]);
        assertThat(n).isEqualTo(5);
        assertThat(walls.next()).isEqualTo(3_950L);
    }
}
