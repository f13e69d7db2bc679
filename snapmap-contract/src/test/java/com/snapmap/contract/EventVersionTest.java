package com.snapmap.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventVersionTest {

    @Test
    void openIsTheCountClosedOneMoreAndTheSweeperAlwaysMovesPastBoth() {
        assertThat(EventVersion.open(5)).isEqualTo(5);
        assertThat(EventVersion.closed(5)).isEqualTo(6);
        assertThat(EventVersion.tombstone(9)).isEqualTo(9);
        // Adding 3 photos to a closed event of 5: past the job's closed version of the 8 members.
        assertThat(EventVersion.sweeperChange(EventVersion.closed(5), 8)).isEqualTo(9);
        // A sweeper change that adds no photo (it relabels) still moves the version on.
        assertThat(EventVersion.sweeperChange(9, 8)).isEqualTo(10);
        assertThat(EventVersion.sweeperChange(9, 8)).isGreaterThan(EventVersion.closed(8));
    }

    @Test
    void anErasureFromAnOpenEventLowersItsCountAndStillRaisesItsVersion() {
        // 5 photos, then one of them erased: 4 photos, past the version of the 5.
        assertThat(EventVersion.counted(4, 1)).isGreaterThan(EventVersion.open(5));
        assertThat(EventVersion.counted(5, 0)).isEqualTo(EventVersion.open(5));
        // A sixth photo after the erasure: past the erasure's version too.
        assertThat(EventVersion.counted(5, 1)).isGreaterThan(EventVersion.counted(4, 1));
    }
}
