package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.wire.UploadEvent;
import org.junit.jupiter.api.Test;

class UploadLatenessTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private final ClusteringConfig config = ClusteringConfig.defaults();
    private final UploadLateness lateness = new UploadLateness(config);

    private static UploadEvent uploaded(long takenAt, long uploadedAt) {
        UploadEvent e = new UploadEvent("p1", takenAt, 45.76, 4.83, null);
        e.uploadedAt = uploadedAt;
        return e;
    }

    @Test
    void aPhotoIsLateWhenItsArrivalTrailsItsTakenAtByMoreThanTheLatenessAndTheOutOfOrderness() {
        long bound = config.allowedLatenessMillis() + config.outOfOrdernessMillis();
        assertThat(lateness.isLate(NOW - bound, NOW)).isFalse();
        assertThat(lateness.isLate(NOW - bound - 1, NOW)).isTrue();
    }

    @Test
    void aRecordWithoutUploadedAtHasNoArrivalAndIsNeverLateByIt() {
        long arrived = UploadLateness.arrivedAt(uploaded(NOW - 72 * HOUR, 0), NOW, NOW);
        assertThat(arrived).isEqualTo(UploadLateness.UNKNOWN);
        assertThat(lateness.isLate(NOW - 72 * HOUR, arrived)).isFalse();
    }

    @Test
    void aRedriveArrivesWhenItIsPublishedNotWhenThePhotoWasFirstUploaded() {
        // Uploaded on time three hours ago, its announcement lost, re-driven now with the original uploadedAt.
        long arrived = UploadLateness.arrivedAt(uploaded(NOW - 3 * HOUR, NOW - 3 * HOUR + 1_000), NOW, NOW + 50);
        assertThat(arrived).isEqualTo(NOW);
        assertThat(lateness.isLate(NOW - 3 * HOUR, arrived)).isTrue();
    }

    @Test
    void aReplayReadsTheSameArrivalAsTheFirstRun() {
        UploadEvent e = uploaded(NOW - 3 * HOUR, NOW);
        assertThat(UploadLateness.arrivedAt(e, NOW + 5, NOW + 72 * HOUR)).isEqualTo(UploadLateness.arrivedAt(e, NOW + 5, NOW + 10));
    }

    @Test
    void anArrivalNeverLiesPastTheWallClockOfTheRead() {
        // A producer whose clock runs a day ahead would otherwise make every photo of it late.
        assertThat(UploadLateness.arrivedAt(uploaded(NOW, NOW + 24 * HOUR), NOW + 24 * HOUR, NOW)).isEqualTo(NOW);
    }
}
