package com.snapmap.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Repeated runs of one job, of which the median counts. The first runs of a graph on a fresh JVM
 * measure the JIT compiler as much as the graph (on the 2-core machine a 400 000-photo city ran at
 * 31 000, 47 000, then 65 000 photos/s on the same cluster, and kept rising for ten runs), so
 * every measured job gets discarded warm-up runs on the full load until its rate stops rising,
 * then several measured runs.
 */
public final class SteadyRuns {

    private final List<JobRun> runs = new ArrayList<>();

    /** A run counts as no faster when within this share of the best rate before it. */
    static final double STILL_RISING = 1.05;
    /** Runs in a row that are no faster before the rate counts as steady. */
    static final int PATIENCE = 2;
    /** A run counts as warm only when the JIT compiler worked less than this share of its wall time. */
    static final double JIT_QUIET = 0.10;

    /**
     * Discarded runs until the rate stops rising ({@value #PATIENCE} runs in a row no more than 5 %
     * above the best one before them) and the JIT compiler has gone quiet (the last run compiled
     * for less than a tenth of its wall time), at most {@code max}; returns how many ran. The
     * simple floor is warm after a few runs; the graph, with several times its code, rose by
     * plateaus: on a fresh JVM the 400 000-photo city ran two runs flat at the sixth and seventh
     * while the compiler still took about one of the 2 cores it shares with the job,
     * and went on rising until the compiler's share fell under a tenth at about the thirteenth run.
     */
    public static <T> int warmUp(Callable<T> run, ToDoubleFunction<T> rate, int max) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return warmUp(run, rate, max, jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0L,
                () -> System.nanoTime() / 1_000_000);
    }

    /** @param jitMillis the JIT compiler's time so far; {@code millis} a clock */
    static <T> int warmUp(Callable<T> run, ToDoubleFunction<T> rate, int max, LongSupplier jitMillis, LongSupplier millis)
            throws Exception {
        double best = rate.applyAsDouble(run.call());
        int n = 1;
        int flat = 0;
        boolean quiet = false;
        while (n < max && (flat < PATIENCE || !quiet)) {
            long jit0 = jitMillis.getAsLong();
            long wall0 = millis.getAsLong();
            double r = rate.applyAsDouble(run.call());
            quiet = jitMillis.getAsLong() - jit0 <= JIT_QUIET * Math.max(1, millis.getAsLong() - wall0);
            n++;
            if (r <= best * STILL_RISING) {
                flat++;
            } else {
                flat = 0;
            }
            best = Math.max(best, r);
        }
        return n;
    }

    public void add(JobRun run) {
        runs.add(run);
    }

    public List<JobRun> runs() {
        return runs;
    }

    /** The run with the median wall time; a run cancelled at its time limit counts as the slowest. */
    public JobRun median() {
        if (runs.isEmpty()) {
            throw new IllegalStateException("no run was measured");
        }
        List<JobRun> sorted = new ArrayList<>(runs);
        sorted.sort(Comparator.comparing((JobRun r) -> !r.finished).thenComparingLong(r -> r.wallNanos));
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** "min–max" of a figure over the runs, for the table's how column. */
    public String spread(ToDoubleFunction<JobRun> figure) {
        double min = runs.stream().mapToDouble(figure).min().orElse(Double.NaN);
        double max = runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
        return Row.format(min) + "–" + Row.format(max);
    }
}
