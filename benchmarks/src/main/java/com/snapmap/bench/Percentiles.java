package com.snapmap.bench;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a sample (latencies in ms): p50 of {1..100} is 50, p99 is 99. */
public final class Percentiles {

    private final long[] sorted;

    public Percentiles(Collection<Long> sample) {
        this.sorted = sample.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    public Percentiles(long[] sample) {
        this.sorted = sample.clone();
        Arrays.sort(this.sorted);
    }

    public int size() {
        return sorted.length;
    }

    /** The smallest value at or above {@code p} percent of the sample; NaN when it is empty. */
    public double at(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    public double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }
}
