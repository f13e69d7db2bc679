package com.snapmap.core.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * Compares partitions: exact equality up to renaming, pairwise precision / recall / F1 of a
 * predicted partition against ground truth (the SED benchmark's measure), and the adjusted Rand
 * index.
 */
public final class PartitionMetrics {

    public final double precision;
    public final double recall;
    public final double f1;

    private PartitionMetrics(double precision, double recall) {
        this.precision = precision;
        this.recall = recall;
        this.f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    }

    /** Pairwise scores over the photos both maps label. */
    public static PartitionMetrics pairwise(Map<String, String> predicted, Map<String, String> truth) {
        Contingency c = new Contingency(predicted, truth);
        long tp = pairs(c.cells);
        long predPairs = pairs(c.rows);
        long truthPairs = pairs(c.cols);
        double p = predPairs == 0 ? 1.0 : (double) tp / predPairs;
        double r = truthPairs == 0 ? 1.0 : (double) tp / truthPairs;
        return new PartitionMetrics(p, r);
    }

    /**
     * Adjusted Rand index over the photos both maps label: 1 when the partitions are the same up
     * to renaming, about 0 for a chance agreement (Hubert and Arabie, 1985).
     */
    public static double adjustedRand(Map<String, String> a, Map<String, String> b) {
        Contingency c = new Contingency(a, b);
        double total = c.n * (c.n - 1) / 2.0;
        if (total == 0) {
            return 1.0;
        }
        double rowPairs = pairs(c.rows);
        double colPairs = pairs(c.cols);
        double expected = rowPairs * colPairs / total;
        double max = (rowPairs + colPairs) / 2;
        // Both partitions all singletons, or both one group: identical, and the formula is 0/0.
        return max == expected ? 1.0 : (pairs(c.cells) - expected) / (max - expected);
    }

    /** Group sizes of each partition and of their intersections, over the photos both label. */
    private static final class Contingency {
        final Map<String, Long> rows = new HashMap<>();
        final Map<String, Long> cols = new HashMap<>();
        final Map<String, Long> cells = new HashMap<>();
        long n;

        Contingency(Map<String, String> a, Map<String, String> b) {
            for (Map.Entry<String, String> e : a.entrySet()) {
                String other = b.get(e.getKey());
                if (other == null) {
                    continue;
                }
                n++;
                rows.merge(e.getValue(), 1L, Long::sum);
                cols.merge(other, 1L, Long::sum);
                cells.merge(e.getValue() + '\u0000' + other, 1L, Long::sum);
            }
        }
    }

    /**
     * Photos grouped differently by {@code a} and {@code b}, as a short description; empty when
     * the two partitions are the same up to the names of the groups.
     */
    public static String differences(Map<String, String> a, Map<String, String> b) {
        StringBuilder out = new StringBuilder();
        if (!a.keySet().equals(b.keySet())) {
            out.append("photo sets differ: only in first ")
                    .append(minus(a, b)).append(", only in second ").append(minus(b, a)).append('\n');
        }
        Map<String, String> aToB = new HashMap<>();
        Map<String, String> bToA = new HashMap<>();
        int shown = 0;
        for (Map.Entry<String, String> e : a.entrySet()) {
            String other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            String prevB = aToB.putIfAbsent(e.getValue(), other);
            String prevA = bToA.putIfAbsent(other, e.getValue());
            if ((prevB != null && !prevB.equals(other)) || (prevA != null && !prevA.equals(e.getValue()))) {
                if (shown++ < 10) {
                    out.append("photo ").append(e.getKey()).append(": group ").append(e.getValue())
                            .append(" vs ").append(other).append('\n');
                }
            }
        }
        if (shown > 10) {
            out.append("... ").append(shown - 10).append(" more\n");
        }
        return out.toString();
    }

    private static String minus(Map<String, String> a, Map<String, String> b) {
        return a.keySet().stream().filter(k -> !b.containsKey(k)).limit(10).toList().toString();
    }

    private static long pairs(Map<String, Long> sizes) {
        long n = 0;
        for (long s : sizes.values()) {
            n += s * (s - 1) / 2;
        }
        return n;
    }

    @Override
    public String toString() {
        return String.format("pairwise precision %.4f, recall %.4f, F1 %.4f", precision, recall, f1);
    }
}
