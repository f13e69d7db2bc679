package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.cluster.EventSummary;
import com.snapmap.core.place.Gazetteer;
import com.snapmap.core.place.Place;
import org.junit.jupiter.api.Test;

/** An event's place follows its centroid, and nothing else. */
class EventPlaceTest {

    private static final Place LYON = new Place("Lyon", "Auvergne-Rhône-Alpes", "FR");

    @Test
    void anEventAtSeaHasNoPlace() {
        EventSummary s = new EventSummary();
        s.add("p1", 0, 46.0, -30.0);
        assertThat(EventDoc.event("e", s, false, 0).place).isNull();
    }

    @Test
    void anEventGrowingAcrossABoundaryIsRenamedOnlyWhenItsCentroidCrossesIt() {
        // A walk from central Lyon east to Villeurbanne; the boundary of Lyon's nearest area lies between.
        EventSummary s = new EventSummary();
        double lat = 45.7640;
        s.add("p000", 0, lat, 4.8357);
        Place before = EventDoc.event("e", s, false, 0).place;
        assertThat(before).isEqualTo(LYON);
        int renamed = 0;
        for (int i = 1; i <= 200; i++) {
            double lon = 4.8357 + i * 0.0004; // up to ~4.9157, well inside Villeurbanne's area
            s.add(String.format("p%03d", i), i * 1_000L, lat, lon);
            EventDoc d = EventDoc.event("e", s, false, 0);
            Place atCentroid = Gazetteer.geonames().nearest(d.centroidLat, d.centroidLon);
            assertThat(d.place).isEqualTo(atCentroid);
            boolean photoOutsideLyon = !LYON.equals(Gazetteer.geonames().nearest(lat, lon));
            if (!d.place.equals(before)) {
                renamed++;
                before = d.place;
            } else if (photoOutsideLyon && renamed == 0) {
                assertThat(d.place).as("members beyond the boundary, centroid not yet").isEqualTo(LYON);
            }
        }
        assertThat(renamed).isEqualTo(1);
        assertThat(Gazetteer.geonames().nearest(lat, 4.8357 + 100 * 0.0004)).as("the boundary is crossed by members first")
                .isNotEqualTo(LYON);
        assertThat(before.name()).isEqualTo("Villeurbanne");
    }
}
