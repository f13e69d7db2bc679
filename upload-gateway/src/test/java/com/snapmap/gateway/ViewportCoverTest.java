package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.geo.Geohash;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ViewportCoverTest {

    static final ViewportCover COVER = new ViewportCover(5, 64);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "street,       '4.830,45.760,4.836,45.763',    5",
        "city,         '4.70,45.65,5.00,45.85',        5",
        "region,       '3.0,44.5,6.5,46.8',            3",
        "continent,    '-12,35,32,62',                 2",
        "world,        '-180,-90,180,90',              1",
        "pacific,      '170,-25,-170,-10',             2",
        "arctic,       '-180,80,180,90',               2"})
    void finestPrecisionWithinTheCellBudget(String name, String bbox, int precision) {
        List<String> cells = COVER.cover(Viewport.parse(bbox));
        assertThat(cells).isNotEmpty().hasSizeLessThanOrEqualTo(64).isSorted().doesNotHaveDuplicates();
        assertThat(cells).allSatisfy(c -> assertThat(c).hasSize(precision));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "'4.830,45.760,4.836,45.763'", "'-12,35,32,62'", "'170,-25,-170,-10'", "'-180,-90,180,90'",
        "'179.99,-1,-179.99,1'", "'-180,80,180,90'", "'-0.01,-0.01,0.01,0.01'"})
    void everyPointOfTheBoxIsUnderOnePrefix(String bbox) {
        Viewport v = Viewport.parse(bbox);
        List<String> cells = COVER.cover(v);
        Random random = new Random(bbox.hashCode());
        for (int i = 0; i < 5_000; i++) {
            double lat = v.south() + random.nextDouble() * (v.north() - v.south());
            double width = v.crossesAntimeridian() ? v.east() + 360 - v.west() : v.east() - v.west();
            double lon = Viewport.wrap(v.west() + random.nextDouble() * width);
            String cell = Geohash.encode(lat, lon, 5);
            assertThat(cells.stream().anyMatch(cell::startsWith)).as("%s (%f, %f)", cell, lat, lon).isTrue();
        }
        for (double[] corner : new double[][] {{v.south(), v.west()}, {v.north(), v.east()}, {v.south(), v.east()}, {v.north(), v.west()}}) {
            String cell = Geohash.encode(corner[0], corner[1], 5);
            assertThat(cells.stream().anyMatch(cell::startsWith)).as("corner %s", cell).isTrue();
        }
    }

    @Test
    void antimeridianBoxTakesCellsOnBothSides() {
        List<String> cells = COVER.cover(Viewport.parse("179.9,-18,-179.9,-17.5"));
        assertThat(cells).anySatisfy(c -> assertThat(Geohash.bbox(c)[3]).isEqualTo(180.0));
        assertThat(cells).anySatisfy(c -> assertThat(Geohash.bbox(c)[2]).isEqualTo(-180.0));
    }
}
