package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.job.ClusteringConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceLoadTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void theNewestPhotoIsTakenASecondBeforeNowAndTheOthersKeepTheirDistanceToIt() {
        RaceLoad race = RaceLoad.of("stadium", Load.stadium(50, 3), NOW, ClusteringConfig.defaults().linkRule());
        List<Photo> original = Load.stadium(50, 3).arrivals;
        long newest = original.stream().mapToLong(p -> p.takenAt).max().orElseThrow();

        assertThat(race.arrivals()).extracting(p -> p.photoId).containsExactlyElementsOf(original.stream().map(p -> p.photoId).toList());
        assertThat(race.arrivals()).extracting(p -> p.takenAt)
                .containsExactlyElementsOf(original.stream().map(p -> p.takenAt - newest + NOW - 1_000).toList());
    }

    @Test
    void photosDeliveredTwiceAreWaitedForOnce() {
        Load late = Load.lateMix(400, 5);
        RaceLoad race = RaceLoad.of("late", late, NOW, ClusteringConfig.defaults().linkRule());

        assertThat(race.photos()).isEqualTo(late.distinct().size()).isLessThan(late.arrivals.size());
    }
}
