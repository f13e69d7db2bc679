package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.snapmap.core.geo.Haversine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ViewportTest {

    @Test
    void parsesAndContains() {
        Viewport lyon = Viewport.parse("4.7,45.7,4.9,45.8");
        assertThat(lyon.contains(45.76, 4.83)).isTrue();
        assertThat(lyon.contains(45.76, 5.0)).isFalse();
        assertThat(lyon.parts()).containsExactly(lyon);
    }

    @Test
    void westAboveEastCrossesTheAntimeridian() {
        Viewport fiji = Viewport.parse("170,-25,-170,-10");
        assertThat(fiji.crossesAntimeridian()).isTrue();
        assertThat(fiji.contains(-18, 179.9)).isTrue();
        assertThat(fiji.contains(-18, -179.9)).isTrue();
        assertThat(fiji.contains(-18, 0)).isFalse();
        assertThat(fiji.parts()).containsExactly(new Viewport(170, -25, 180, -10), new Viewport(-180, -25, -170, -10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1,2,3", "1,2,3,4,5", "a,2,3,4", "1,2,3,NaN", "-181,0,0,1", "0,-91,1,0", "0,10,1,5", "1,,2,3"})
    void badBoxesAre400NamingBbox(String bbox) {
        assertThatThrownBy(() -> Viewport.parse(bbox))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("bbox");
                });
    }

    @ParameterizedTest
    @CsvSource({"45.76, 4.83, 10000", "0, 0, 50000", "60, 179.9, 20000", "-33.9, -179.95, 1000", "70, 20, 500000"})
    void boxAroundACircleHoldsTheCircle(double lat, double lon, double radius) {
        Viewport box = Viewport.around(lat, lon, radius);
        for (int bearing = 0; bearing < 360; bearing += 5) {
            double[] p = Haversine.destination(lat, lon, radius * 0.999, bearing);
            assertThat(box.contains(p[0], p[1])).as("bearing %d: %s in %s", bearing, p, box).isTrue();
        }
    }

    @Test
    void circleOverAPoleTakesEveryLongitude() {
        Viewport arctic = Viewport.around(89, 10, 300_000);
        assertThat(arctic.west()).isEqualTo(-180);
        assertThat(arctic.east()).isEqualTo(180);
        assertThat(arctic.north()).isEqualTo(90);
        assertThat(Viewport.around(0, 0, 20_000_000)).isEqualTo(Viewport.WORLD);
    }

    @Test
    void circleAcrossTheAntimeridianWraps() {
        Viewport v = Viewport.around(-17.7, 179.9, 50_000);
        assertThat(v.crossesAntimeridian()).isTrue();
        assertThat(v.east()).isCloseTo(-179.63, within(0.05));
    }
}
