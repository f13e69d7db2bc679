package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        Percentiles p = new Percentiles(LongStream.rangeClosed(1, 100).toArray());
        assertThat(p.at(50)).isEqualTo(50);
        assertThat(p.at(99)).isEqualTo(99);
        assertThat(p.at(100)).isEqualTo(100);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void unsortedSmallSampleAndSingleValue() {
        Percentiles p = new Percentiles(List.of(30L, 10L, 20L));
        assertThat(p.at(50)).isEqualTo(20);
        assertThat(p.at(99)).isEqualTo(30);
        assertThat(p.at(1)).isEqualTo(10);
        assertThat(new Percentiles(List.of(7L)).at(99)).isEqualTo(7);
    }

    @Test
    void emptyIsNotMeasuredAndOutOfRangeIsRefused() {
        assertThat(new Percentiles(List.of()).at(50)).isNaN();
        assertThatThrownBy(() -> new Percentiles(List.of(1L)).at(0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> new Percentiles(List.of(1L)).at(101)).hasMessageContaining("(0, 100]");
    }
}
