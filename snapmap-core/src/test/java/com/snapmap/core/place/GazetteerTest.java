package com.snapmap.core.place;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class GazetteerTest {

    private static Gazetteer of(String... lines) throws IOException {
        return Gazetteer.read(new StringReader(String.join("\n", lines) + "\n"));
    }

    private static final Place A = new Place("Aville", "Region A", "AA");
    private static final Place B = new Place("Bton", "Region B", "BB");

    @Test
    void theNearestPlaceWins() throws IOException {
        Gazetteer g = of("Aville\tRegion A\tAA\t4500000\t500000", "Bton\tRegion B\tBB\t4510000\t500000");
        assertEquals(A, g.nearest(45.04, 5.0));
        assertEquals(B, g.nearest(45.06, 5.0));
    }

    @Test
    void nothingFartherThanTheLimit() throws IOException {
        Gazetteer g = of("Aville\tRegion A\tAA\t4500000\t500000");
        // 0.22° of latitude is ~24.5 km, 0.23° ~25.6 km.
        assertEquals(A, g.nearest(45.22, 5.0));
        assertNull(g.nearest(45.23, 5.0));
    }

    @Test
    void aPlaceAcrossTheAntimeridianIsFound() throws IOException {
        Gazetteer g = of("Aville\tRegion A\tAA\t-1700000\t17995000");
        assertEquals(A, g.nearest(-17.0, -179.95));
    }

    @Test
    void aPlaceNearAPoleIsFoundFromTheOtherSideOfIt() throws IOException {
        Gazetteer g = of("Aville\tRegion A\tAA\t8995000\t0");
        assertEquals(A, g.nearest(89.95, 180.0));
    }

    @Test
    void equallyNearPlacesGiveTheSameAnswerWhateverTheirOrder() throws IOException {
        String a = "Aville\tRegion A\tAA\t4500000\t500000";
        String b = "Bton\tRegion B\tBB\t4500000\t502000";
        assertEquals(of(a, b).nearest(45.0, 5.01), of(b, a).nearest(45.0, 5.01));
    }

    @Test
    void anImpossiblePointHasNoPlace() throws IOException {
        Gazetteer g = of("Aville\tRegion A\tAA\t4500000\t500000");
        assertNull(g.nearest(Double.NaN, 5.0));
        assertNull(g.nearest(91, 5.0));
    }

    @Test
    void aMalformedLineIsRefusedWithItsNumber() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> of("Aville\tRegion A\tAA\t4500000\t500000", "Bton\tRegion B"));
        assertEquals("place table line 2: expected 5 tab-separated fields, got 2", e.getMessage());
    }
}
