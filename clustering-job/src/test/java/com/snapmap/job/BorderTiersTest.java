package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.snapmap.core.geo.CellCover;
import org.junit.jupiter.api.Test;

class BorderTiersTest {

    @Test
    void anEdgeGoesToTheDeepestTierWhosePrefixBothRegionsShare() {
        assertThat(BorderTiers.tierOf("u05kq1", "u05kq4")).isEqualTo(0);
        assertThat(BorderTiers.tierOf("u05kq1", "u05km9")).isEqualTo(1);
        assertThat(BorderTiers.tierOf("u05kq1", "u05zzz")).isEqualTo(1);
        assertThat(BorderTiers.tierOf("u05kq1", "u0h000")).isEqualTo(BorderTiers.ROOT);
        assertThat(BorderTiers.tierOf("gbpbzz", "u00000")).isEqualTo(BorderTiers.ROOT);
    }

    @Test
    void polarCapsAndRegionsOfAnotherPrecisionMeetAtTheRoot() {
        assertThat(BorderTiers.tierOf(CellCover.NORTH_POLAR_CELL, "upzzzz")).isEqualTo(BorderTiers.ROOT);
        assertThat(BorderTiers.tierOf("u05kq1", "u05kq")).isEqualTo(BorderTiers.ROOT);
        assertThat(BorderTiers.node(CellCover.SOUTH_POLAR_CELL, BorderTiers.ROOT)).isEqualTo(BorderTiers.ROOT_KEY);
    }

    @Test
    void eachNodeHasOneParentAPrefixOfItsOwnKey() {
        String region = "u05kq1";
        assertThat(BorderTiers.node(region, 0)).isEqualTo("u05kq");
        assertThat(BorderTiers.node(BorderTiers.node(region, 0), 1)).isEqualTo(BorderTiers.node(region, 1)).isEqualTo("u05");
        assertThat(BorderTiers.node("u05", BorderTiers.ROOT)).isEqualTo(BorderTiers.ROOT_KEY);
        assertThatThrownBy(() -> BorderTiers.node("u05", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRegionsPartsGoToTheDeepestTierWhoseNodesHoldSeveralRegions() {
        assertThat(BorderTiers.firstTier("u05kq1")).isEqualTo(0);
        assertThat(BorderTiers.firstTier("u05kq")).isEqualTo(1); // precision 5: tier 0 nodes hold one region
        assertThat(BorderTiers.firstTier("u05")).isEqualTo(BorderTiers.ROOT);
        assertThat(BorderTiers.firstTier(CellCover.NORTH_POLAR_CELL)).isEqualTo(BorderTiers.ROOT);
    }

    @Test
    void tierSetsGiveWhatIsAbove() {
        int tiers = BorderTiers.bit(0) | BorderTiers.bit(2);
        assertThat(BorderTiers.above(tiers, 0)).isEqualTo(BorderTiers.bit(2));
        assertThat(BorderTiers.above(tiers, 2)).isZero();
        assertThat(BorderTiers.above(BorderTiers.bit(1), 1)).isZero();
    }

    @Test
    void aLocalLabelNamesItsRegion() {
        assertThat(BorderTiers.regionOf("u05kq1/photo-7")).isEqualTo("u05kq1");
        assertThatThrownBy(() -> BorderTiers.regionOf("no-slash")).isInstanceOf(IllegalArgumentException.class);
    }
}
