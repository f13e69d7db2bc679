package com.snapmap.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class HaversineTest {

    @Test
    void knownDistances() {
        // One degree of latitude on this sphere: 2πR/360.
        assertThat(Haversine.distanceMeters(0, 0, 1, 0)).isCloseTo(111_195.08, offset(0.01));
        // Lyon Bellecour to Lyon Part-Dieu, roughly 2.1 km.
        assertThat(Haversine.distanceMeters(45.7578, 4.8320, 45.7606, 4.8594)).isBetween(2100.0, 2200.0);
        // Across the antimeridian is short, not half the world.
        assertThat(Haversine.distanceMeters(0, 179.9999, 0, -179.9999)).isCloseTo(22.24, offset(0.01));
        assertThat(Haversine.distanceMeters(10, 10, 10, 10)).isZero();
        assertThat(Haversine.distanceMeters(0, 0, 0, 180)).isCloseTo(Math.PI * Haversine.EARTH_RADIUS_M, offset(1e-3));
    }
}
