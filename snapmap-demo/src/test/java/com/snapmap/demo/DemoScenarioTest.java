package com.snapmap.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The scenario forms exactly its known events under the 50 m / 5 min rule, and singles alone. */
class DemoScenarioTest {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void knownEventsAreConnectedAndApartFromEverythingElse() {
        List<DemoPhoto> photos = DemoScenario.photos(NOW, 30, 42, DemoScenario.shiftNorthM(NOW));
        assertThat(photos).hasSize(280 + 30);
        Map<String, List<DemoPhoto>> groups = photos.stream().collect(Collectors.groupingBy(DemoPhoto::group));
        for (KnownEvent e : DemoScenario.EVENTS) {
            List<DemoPhoto> g = groups.get(e.name());
            assertThat(g).hasSize(e.photos());
            for (int i = 1; i < g.size(); i++) { // in time order, each photo links its predecessor
                assertThat(linked(g.get(i - 1), g.get(i))).as(e.name() + " photo " + i).isTrue();
            }
        }
        for (DemoPhoto a : photos) {
            for (DemoPhoto b : photos) {
                if (a != b && (!a.group().equals(b.group()) || a.group().equals(DemoScenario.SINGLE))) {
                    assertThat(linked(a, b)).as(a + " and " + b).isFalse();
                }
            }
        }
    }

    @Test
    void takenInTheLastHalfHourInCaptureOrderEventsSettledBeforeTheNewestSingles() {
        List<DemoPhoto> photos = DemoScenario.photos(NOW, 30, 7, 0);
        assertThat(photos).isSortedAccordingTo((a, b) -> a.takenAt().compareTo(b.takenAt()));
        assertThat(photos).allSatisfy(p -> assertThat(p.takenAt()).isBetween(NOW.minus(Duration.ofMinutes(30)), NOW));
        Instant lastOfEvents = photos.stream().filter(p -> !p.group().equals(DemoScenario.SINGLE))
                .map(DemoPhoto::takenAt).max(Instant::compareTo).orElseThrow();
        assertThat(lastOfEvents).isBefore(NOW.minus(Duration.ofMinutes(8)));
    }

    @Test
    void runsInOtherMinutesArePlacedApart() {
        double a = DemoScenario.shiftNorthM(NOW);
        double b = DemoScenario.shiftNorthM(NOW.plusSeconds(60));
        assertThat(Math.abs(a - b)).isGreaterThanOrEqualTo(120);
    }

    private static boolean linked(DemoPhoto a, DemoPhoto b) {
        return Math.abs(Duration.between(a.takenAt(), b.takenAt()).toSeconds()) <= 300 && metres(a, b) <= 50;
    }

    private static double metres(DemoPhoto a, DemoPhoto b) {
        double p1 = Math.toRadians(a.lat());
        double p2 = Math.toRadians(b.lat());
        double dp = p2 - p1;
        double dl = Math.toRadians(b.lon() - a.lon());
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
    }
}
