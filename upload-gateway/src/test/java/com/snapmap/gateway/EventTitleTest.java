package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTitleTest {

    private static final Instant SAT_20H = Instant.parse("2021-05-01T20:00:00Z");

    @Test
    void placeRegionTimesAndCount() {
        assertThat(EventTitle.of("Lyon", "Auvergne-Rhône-Alpes", SAT_20H, SAT_20H.plusSeconds(9000), 90))
                .isEqualTo("Lyon, Auvergne-Rhône-Alpes · Sat 1 May, 20:00–22:30 · 90 photos");
    }

    @Test
    void withoutAPlaceTheTitleStartsWithTheTime() {
        assertThat(EventTitle.of(null, null, SAT_20H, SAT_20H.plusSeconds(600), 3))
                .isEqualTo("Sat 1 May, 20:00–20:10 · 3 photos");
    }

    @Test
    void anEventOverMidnightNamesBothDays() {
        assertThat(EventTitle.of("Berlin", "State of Berlin", SAT_20H.plusSeconds(3 * 3600 + 1800),
                SAT_20H.plusSeconds(5 * 3600), 12))
                .isEqualTo("Berlin, State of Berlin · Sat 1 May, 23:30 – Sun 2 May, 01:00 · 12 photos");
    }

    @Test
    void onePhotoIsOnePhotoAtOneTime() {
        assertThat(EventTitle.of("Lyon", "Auvergne-Rhône-Alpes", SAT_20H, SAT_20H, 1))
                .isEqualTo("Lyon, Auvergne-Rhône-Alpes · Sat 1 May, 20:00 · 1 photo");
    }
}
