package com.snapmap.core.place;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlaceKeyTest {

    @Test
    void accentsAndCaseDoNotMatter() {
        assertEquals(PlaceKey.of("Saint-Étienne"), PlaceKey.of("SAINT ETIENNE"));
        assertEquals("saint etienne", PlaceKey.of("Saint-Étienne"));
    }

    @Test
    void lettersWithoutADecompositionAreSpelledOut() {
        assertEquals("munster", PlaceKey.of("Münster"));
        assertEquals("grossraschen", PlaceKey.of("Großräschen"));
        assertEquals("lodz", PlaceKey.of("Łódź"));
    }

    @Test
    void surroundingSpaceIsIgnored() {
        assertEquals("lyon", PlaceKey.of("  Lyon "));
    }
}
