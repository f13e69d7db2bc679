package com.snapmap.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Adjusted Rand index of two partitions (photoId → group) over the photos both label: 1 when they
 * are the same up to renaming, about 0 for a chance agreement (Hubert and Arabie, 1985).
 */
public final class AdjustedRand {

    private AdjustedRand() {}

    public static double of(Map<String, String> a, Map<String, String> b) {
        Map<String, Long> rows = new HashMap<>();
        Map<String, Long> cols = new HashMap<>();
        Map<String, Long> cells = new HashMap<>();
        long n = 0;
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
        double index = pairs(cells);
        double rowPairs = pairs(rows);
        double colPairs = pairs(cols);
        double total = n * (n - 1) / 2.0;
        if (total == 0) {
            return 1.0;
        }
        double expected = rowPairs * colPairs / total;
        double max = (rowPairs + colPairs) / 2;
        // Both partitions all singletons, or both one group: identical, and the formula is 0/0.
        return max == expected ? 1.0 : (index - expected) / (max - expected);
    }

    private static double pairs(Map<String, Long> sizes) {
        double s = 0;
        for (long k : sizes.values()) {
            s += k * (k - 1) / 2.0;
        }
        return s;
    }
}
