package com.snapmap.bench.naive;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.geo.Haversine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's rule on three photos: create, join the nearest, create again past W. */
class JoinOrCreateTest {

    private final JoinOrCreate rule = new JoinOrCreate(LinkRule.defaults());

    @Test
    void firstCreatesSecondJoinsThirdTooLateCreates() {
        long t = 1_714_564_800_000L;
        Photo a = new Photo("a", t, 45.76, 4.835);
        double[] near = Haversine.destination(45.76, 4.835, 30, 90);
        Photo b = new Photo("b", t + 60_000, near[0], near[1]);
        Photo c = new Photo("c", t + 60_000 + 5 * 60_000 + 1, 45.76, 4.835);

        List<ClusteredPhoto> seen = new ArrayList<>();
        String ea = rule.eventFor(a, seen);
        assertThat(ea).isEqualTo(EventIds.forFirstPhoto("a"));
        seen.add(new ClusteredPhoto("a", a.takenAt, a.lat, a.lon, ea));

        String eb = rule.eventFor(b, seen);
        assertThat(eb).isEqualTo(ea);
        seen.add(new ClusteredPhoto("b", b.takenAt, b.lat, b.lon, eb));

        // c is at a's place but more than W after both: the rule links nothing, a new event
        assertThat(rule.eventFor(c, seen)).isEqualTo(EventIds.forFirstPhoto("c"));
    }

    @Test
    void joinsTheNearestEventAndNeverMerges() {
        long t = 1_714_564_800_000L;
        double[] east = Haversine.destination(45.76, 4.835, 40, 90);
        double[] west = Haversine.destination(45.76, 4.835, 10, 270);
        List<ClusteredPhoto> seen = List.of(
                new ClusteredPhoto("e", t, east[0], east[1], "event-east"),
                new ClusteredPhoto("w", t, west[0], west[1], "event-west"));
        assertThat(rule.eventFor(new Photo("m", t, 45.76, 4.835), seen)).isEqualTo("event-west");
    }
}
