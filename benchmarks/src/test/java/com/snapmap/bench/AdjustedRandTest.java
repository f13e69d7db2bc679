package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AdjustedRandTest {

    @Test
    void identicalUpToRenamingIsOne() {
        Map<String, String> a = Map.of("p1", "x", "p2", "x", "p3", "y", "p4", "z");
        Map<String, String> b = Map.of("p1", "A", "p2", "A", "p3", "B", "p4", "C");
        assertThat(AdjustedRand.of(a, b)).isEqualTo(1.0);
        assertThat(AdjustedRand.of(Map.of("p1", "a", "p2", "b"), Map.of("p1", "c", "p2", "d"))).isEqualTo(1.0);
    }

    @Test
    void workedExample() {
        // contingency [[2,1],[0,2]]: index 1+1 = 2, row pairs 3+1 = 4, column pairs 1+3 = 4, all pairs 10,
        // expected 4*4/10 = 1.6, max (4+4)/2 = 4, so (2 - 1.6) / (4 - 1.6) = 1/6
        Map<String, String> a = Map.of("1", "a", "2", "a", "3", "a", "4", "b", "5", "b");
        Map<String, String> b = Map.of("1", "x", "2", "x", "3", "y", "4", "y", "5", "y");
        assertThat(AdjustedRand.of(a, b)).isCloseTo(1.0 / 6, within(1e-12));
    }

    @Test
    void splittingOneGroupIntoSingletonsScoresZero() {
        Map<String, String> together = Map.of("1", "e", "2", "e", "3", "e");
        Map<String, String> apart = Map.of("1", "a", "2", "b", "3", "c");
        assertThat(AdjustedRand.of(together, apart)).isEqualTo(0.0);
    }

    @Test
    void onlyPhotosBothLabelCount() {
        assertThat(AdjustedRand.of(Map.of("1", "a", "2", "a", "9", "q"), Map.of("1", "x", "2", "x"))).isEqualTo(1.0);
    }
}
