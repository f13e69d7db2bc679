package com.snapmap.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.Clustering;
import com.snapmap.core.cluster.LinkRule;
import com.snapmap.core.cluster.ReferenceClusterer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhotoPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00.500Z");

    private static List<PlannedPhoto> photos(long seed, int n) {
        PhotoPlan plan = new PhotoPlan(seed, 9);
        List<PlannedPhoto> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(plan.next(NOW));
        }
        return out;
    }

    @Test
    void photosFormEventsOfManyPhotos() {
        List<Photo> photos = photos(7, 300).stream()
                .map(p -> new Photo(p.key(), p.takenAt().toEpochMilli(), p.lat(), p.lon())).toList();
        Clustering c = new ReferenceClusterer(LinkRule.defaults()).cluster(photos);
        long big = c.events().values().stream().filter(e -> e.count >= 10).count();
        assertThat(big).isEqualTo(9);
    }

    @Test
    void captureTimesAreWholeSecondsShortlyBeforeNow() {
        for (PlannedPhoto p : photos(7, 200)) {
            assertThat(p.takenAt().getNano()).isZero();
            assertThat(p.takenAt()).isBetween(NOW.minusSeconds(PhotoPlan.MAX_AGE_S + 1), NOW);
        }
    }

    @Test
    void keysAreDistinct() {
        assertThat(photos(7, 500).stream().map(PlannedPhoto::key).distinct().count()).isEqualTo(500);
    }

    @Test
    void everyPhotoLiesInTheRunsArea() {
        PhotoPlan plan = new PhotoPlan(11, 9);
        for (int i = 0; i < 500; i++) {
            PlannedPhoto p = plan.next(NOW);
            assertThat(plan.contains(p.lat(), p.lon())).as(p.toString()).isTrue();
        }
    }

    @Test
    void theSameSeedPlansTheSamePhotos() {
        assertThat(photos(3, 50)).isEqualTo(photos(3, 50));
    }
}
