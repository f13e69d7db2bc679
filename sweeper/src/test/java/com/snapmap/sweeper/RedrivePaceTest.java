package com.snapmap.sweeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The re-drive rate: a sweep ahead of it waits, one behind it does not. */
class RedrivePaceTest {

    @Test
    void aSweepAheadOfTheRateWaitsTheDifference() {
        RedrivePace pace = new RedrivePace(500);
        assertThat(pace.waitMillis(500, 200)).isEqualTo(800);
        assertThat(pace.waitMillis(1000, 2500)).isZero();
    }

    @Test
    void aRateThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new RedrivePace(0)).hasMessageContaining("max rate");
    }
}
