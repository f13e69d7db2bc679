package com.snapmap.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CellCoverTest {

    /** The property routing relies on: a photo within R of p has its home cell in p's cover. */
    @Test
    void everyPointWithinRadiusHasItsHomeCellInTheCover() {
        Random rnd = new Random(7);
        for (int precision : new int[] {5, 6, 7}) {
            CellCover cover = new CellCover(precision, 50);
            for (int i = 0; i < 20_000; i++) {
                double lat = switch (i % 4) {
                    case 0 -> rnd.nextDouble() * 180 - 90;
                    case 1 -> 70 + rnd.nextDouble() * 20; // high north, incl. polar cap edge
                    case 2 -> -(87.9 + rnd.nextDouble() * 0.2);
                    default -> rnd.nextDouble() * 10 - 5;
                };
                double lon = i % 3 == 0 ? 180 - rnd.nextDouble() * 0.002 : rnd.nextDouble() * 360 - 180;
                double[] q = Haversine.destination(lat, lon, rnd.nextDouble() * 50, rnd.nextDouble() * 360);
                if (Haversine.distanceMeters(lat, lon, q[0], q[1]) > 50) {
                    continue;
                }
                List<String> cells = cover.cover(lat, lon);
                assertThat(cells).as("cover of %s,%s at p%d", lat, lon, precision)
                        .contains(cover.homeCell(q[0], q[1]));
            }
        }
    }

    @Test
    void homeCellComesFirstAndFewCellsAtMidLatitudes() {
        CellCover cover = new CellCover(7, 50);
        List<String> cells = cover.cover(45.76, 4.83);
        assertThat(cells.get(0)).isEqualTo(Geohash.encode(45.76, 4.83, 7));
        assertThat(cells).hasSizeLessThanOrEqualTo(4).doesNotHaveDuplicates();
    }

    @Test
    void polarCapsAreOneCellEach() {
        CellCover cover = new CellCover(7, 50);
        assertThat(cover.homeCell(89.5, 10)).isEqualTo(CellCover.NORTH_POLAR_CELL);
        assertThat(cover.homeCell(-89.5, -170)).isEqualTo(CellCover.SOUTH_POLAR_CELL);
        assertThat(cover.cover(90, 0)).containsExactly(CellCover.NORTH_POLAR_CELL);
    }

    @Test
    void validatesEagerly() {
        assertThatThrownBy(() -> new CellCover(0, 50)).hasMessageContaining("cell precision");
        assertThatThrownBy(() -> new CellCover(7, -1)).hasMessageContaining("link radius");
        assertThatThrownBy(() -> new CellCover(12, 5000)).hasMessageContaining("too fine");
    }
}
