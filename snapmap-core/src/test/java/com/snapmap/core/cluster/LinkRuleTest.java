package com.snapmap.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.snapmap.core.geo.Haversine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkRuleTest {

    private final LinkRule rule = LinkRule.defaults();

    /** The decision the definition gives: the distance in metres against R, bounds inclusive. */
    private static boolean byDistance(LinkRule rule, double lat1, double lon1, double lat2, double lon2) {
        return Haversine.distanceMeters(lat1, lon1, lat2, lon2) <= rule.radiusMeters();
    }

    @Test
    void decidesEveryPairAsItsDistanceDoesRightAroundTheRadius() {
        Random random = new Random(5);
        int within = 0;
        int beyond = 0;
        for (int i = 0; i < 100_000; i++) {
            double lat = -89 + 178 * random.nextDouble();
            double lon = -180 + 360 * random.nextDouble();
            // From 1e-13 m (about the rounding of the distance) to a metre off the radius, either side.
            double off = Math.pow(10, -13 + 13 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            double[] q = Haversine.destination(lat, lon, rule.radiusMeters() + off, 360 * random.nextDouble());
            boolean expected = byDistance(rule, lat, lon, q[0], q[1]);
            assertThat(rule.linked(0, lat, lon, 0, q[0], q[1])).as("%s,%s to %s,%s", lat, lon, q[0], q[1]).isEqualTo(expected);
            if (expected) {
                within++;
            } else {
                beyond++;
            }
        }
        assertThat(within).isGreaterThan(40_000);
        assertThat(beyond).isGreaterThan(40_000);
    }

    @Test
    void decidesNearAndFarPairsAsTheirDistanceDoes() {
        Random random = new Random(6);
        for (int i = 0; i < 100_000; i++) {
            double lat = -90 + 180 * random.nextDouble();
            double lon = -180 + 360 * random.nextDouble();
            double[] q = Haversine.destination(lat, lon, 200 * random.nextDouble(), 360 * random.nextDouble());
            assertThat(rule.linked(0, lat, lon, 0, q[0], q[1])).isEqualTo(byDistance(rule, lat, lon, q[0], q[1]));
        }
        assertThat(rule.linked(0, 10, 10, 0, 10, 10)).isTrue();
        assertThat(rule.linked(0, 0, 179.9998, 0, 0, -179.9998)).isTrue(); // 44 m across the antimeridian
        assertThat(rule.linked(0, 0, 0, 0, 0, 180)).isFalse();
    }

    @Test
    void theWindowIsInclusive() {
        long w = rule.windowMillis();
        assertThat(rule.linked(1_000, 45, 4, 1_000 + w, 45, 4)).isTrue();
        assertThat(rule.linked(1_000, 45, 4, 1_000 + w + 1, 45, 4)).isFalse();
        assertThat(rule.linked(1_000 + w, 45, 4, 1_000, 45, 4)).isTrue();
    }

    @Test
    void aRuleReadBackFromJavaSerializationDecidesAlike() throws Exception {
        LinkRule small = new LinkRule(10, 1_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(small);
        }
        LinkRule back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (LinkRule) in.readObject();
        }
        double[] nine = Haversine.destination(45, 4, 9, 30);
        double[] eleven = Haversine.destination(45, 4, 11, 30);
        assertThat(back.linked(0, 45, 4, 500, nine[0], nine[1])).isTrue();
        assertThat(back.linked(0, 45, 4, 500, eleven[0], eleven[1])).isFalse();
        assertThat(back.radiusMeters()).isEqualTo(10);
        assertThat(back.windowMillis()).isEqualTo(1_000);
    }

    @Test
    void rejectsARadiusOrWindowThatCannotLink() {
        assertThatThrownBy(() -> new LinkRule(0, 1_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("radius");
        assertThatThrownBy(() -> new LinkRule(50, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
    }
}
