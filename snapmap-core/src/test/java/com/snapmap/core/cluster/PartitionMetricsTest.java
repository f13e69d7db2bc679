package com.snapmap.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionMetricsTest {

    @Test
    void adjustedRandOfPartitionsEqualUpToRenamingIsOne() {
        Map<String, String> a = Map.of("p1", "x", "p2", "x", "p3", "y", "p4", "z");
        Map<String, String> b = Map.of("p1", "A", "p2", "A", "p3", "B", "p4", "C");
        assertEquals(1.0, PartitionMetrics.adjustedRand(a, b));
        assertEquals(1.0, PartitionMetrics.adjustedRand(Map.of("p1", "a", "p2", "b"), Map.of("p1", "c", "p2", "d")));
    }

    @Test
    void adjustedRandOfAWorkedExample() {
        // contingency [[2,1],[0,2]]: index 1+1 = 2, row pairs 3+1 = 4, column pairs 1+3 = 4, all pairs 10,
        // expected 4*4/10 = 1.6, max (4+4)/2 = 4, so (2 - 1.6) / (4 - 1.6) = 1/6
        Map<String, String> a = Map.of("1", "a", "2", "a", "3", "a", "4", "b", "5", "b");
        Map<String, String> b = Map.of("1", "x", "2", "x", "3", "y", "4", "y", "5", "y");
        assertEquals(1.0 / 6, PartitionMetrics.adjustedRand(a, b), 1e-12);
    }

    @Test
    void adjustedRandOfOneGroupAgainstSingletonsIsZero() {
        Map<String, String> together = Map.of("1", "e", "2", "e", "3", "e");
        Map<String, String> apart = Map.of("1", "a", "2", "b", "3", "c");
        assertEquals(0.0, PartitionMetrics.adjustedRand(together, apart));
    }

    @Test
    void adjustedRandCountsOnlyPhotosBothLabel() {
        assertEquals(1.0, PartitionMetrics.adjustedRand(Map.of("1", "a", "2", "a", "9", "q"), Map.of("1", "x", "2", "x")));
    }
}
