package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RatesTest {

    @Test
    void perSecondAndCpuPerItem() {
        assertThat(Rates.perSecond(50_000, 2_000_000_000L)).isEqualTo(25_000.0);
        assertThat(Rates.perSecond(1, 0)).isNaN();
        assertThat(Rates.cpuMicrosPer(3_000_000_000L, 100_000)).isEqualTo(30.0);
        assertThat(Rates.cpuMicrosPer(1, 0)).isNaN();
    }

    @Test
    void ratioIsNotMeasuredWhenEitherSideIsMissing() {
        assertThat(Rates.ratio(30_000, 60_000)).isEqualTo(0.5);
        assertThat(Rates.ratio(1, 0)).isNaN();
        assertThat(Rates.ratio(Double.NaN, 2)).isNaN();
        assertThat(Rates.ratio(2, Double.NaN)).isNaN();
    }

    @Test
    void tableFormatting() {
        assertThat(Row.format(123_456.7)).isEqualTo("123,457");
        assertThat(Row.format(0.98765)).isEqualTo("0.988");
        assertThat(Row.format(Double.NaN)).isEqualTo("n/a");
    }
}
