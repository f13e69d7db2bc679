package com.snapmap.core.place;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The GeoNames table the build ships, at the demo's known events (snapmap-demo's DemoScenario) and at sea. */
class GeonamesGazetteerTest {

    private final Gazetteer g = Gazetteer.geonames();

    @Test
    void placeBellecourIsInLyon() {
        assertEquals(new Place("Lyon", "Auvergne-Rhône-Alpes", "FR"), g.nearest(45.7578, 4.8320));
    }

    @Test
    void theBrandenburgGateIsInBerlin() {
        assertEquals(new Place("Berlin", "State of Berlin", "DE"), g.nearest(52.5163, 13.3777));
    }

    @Test
    void tempelhoferFeldIsInBerlinNotItsDistrict() {
        assertEquals("Berlin", g.nearest(52.4730, 13.4010).name());
    }

    @Test
    void theMidAtlanticHasNoPlace() {
        assertNull(g.nearest(46.0, -30.0));
    }

    @Test
    void theTableHoldsTheWorldsTowns() {
        assertTrue(g.size() > 100_000, "places: " + g.size());
    }
}
