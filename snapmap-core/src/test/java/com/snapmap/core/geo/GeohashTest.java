package com.snapmap.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GeohashTest {

    @Test
    void encodesKnownVectors() {
        // Reference values from the geohash literature (Wikipedia's example, and ezs42).
        assertThat(Geohash.encode(57.64911, 10.40744, 11)).isEqualTo("u4pruydqqvj");
        assertThat(Geohash.encode(42.605, -5.603, 5)).isEqualTo("ezs42");
        assertThat(Geohash.encode(-90, -180, 3)).isEqualTo("000");
        assertThat(Geohash.encode(90, 180 - 1e-9, 3)).isEqualTo("zzz");
    }

    @Test
    void bboxContainsThePointAndHasTheCellSize() {
        double[] b = Geohash.bbox(Geohash.encode(45.76, 4.83, 7));
        assertThat(b[0]).isLessThanOrEqualTo(45.76);
        assertThat(b[1]).isGreaterThan(45.76);
        assertThat(b[2]).isLessThanOrEqualTo(4.83);
        assertThat(b[3]).isGreaterThan(4.83);
        assertThat(b[1] - b[0]).isCloseTo(Geohash.cellLatDegrees(7), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(b[3] - b[2]).isCloseTo(Geohash.cellLonDegrees(7), org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void neighboursOfAKnownCell() {
        // ezs42's neighbours as published with the geohash algorithm.
        assertThat(Geohash.neighbours("ezs42"))
                .containsExactly("ezs48", "ezs49", "ezs43", "ezs41", "ezs40", "ezefp", "ezefr", "ezefx");
    }

    @Test
    void neighboursWrapAcrossTheAntimeridian() {
        String east = Geohash.encode(0.01, 179.999, 6);
        String west = Geohash.encode(0.01, -179.999, 6);
        assertThat(Geohash.neighbours(east)).contains(west);
        assertThat(Geohash.neighbours(west)).contains(east);
    }

    @Test
    void aPolarCellHasNoNeighbourBeyondThePole() {
        String top = Geohash.encode(89.99, 10, 4);
        assertThat(Geohash.neighbours(top)).hasSize(5);
        for (String n : Geohash.neighbours(top)) {
            assertThat(Geohash.bbox(n)[0]).isLessThan(90);
        }
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Geohash.encode(0, 0, 0)).hasMessageContaining("precision");
        assertThatThrownBy(() -> Geohash.bbox("ab!")).hasMessageContaining("not a geohash character");
    }
}
