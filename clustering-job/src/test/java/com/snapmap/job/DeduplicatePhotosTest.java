package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.Photo;
import com.snapmap.core.wire.UploadEvent;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeduplicatePhotosTest {

    private final ClusteringConfig config = ClusteringConfig.defaults();

    @Test
    void passesTheFirstDeliveryDropsRepeatsAndForgetsAfterTheHorizon() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UploadEvent, Photo> h =
                Harnesses.open(new DeduplicatePhotos(config), e -> e.photoId);
        h.processElement(new UploadEvent("a", 1_000, 1, 2, null), 1_000);
        h.processElement(new UploadEvent("a", 1_000, 1, 2, null), 1_000);
        h.processElement(new UploadEvent("b", 2_000, 1, 2, null), 2_000);
        assertThat(Harnesses.values(h)).extracting(p -> p.photoId).containsExactly("a", "b");
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);

        h.processWatermark(config.horizonOf(2_000) + 1);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void aPhotoLaterThanTheLatenessGoesToTheSideOutput() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, UploadEvent, Photo> h =
                Harnesses.open(new DeduplicatePhotos(config), e -> e.photoId);
        h.processWatermark(10_000_000);
        long tooOld = 10_000_000 - config.allowedLatenessMillis() - 1;
        h.processElement(new UploadEvent("old", tooOld, 1, 2, null), tooOld);
        h.processElement(new UploadEvent("late-but-ok", tooOld + 2, 1, 2, null), tooOld + 2);
        assertThat(Harnesses.side(h, DeduplicatePhotos.TOO_LATE)).extracting(e -> e.photoId).containsExactly("old");
        assertThat(Harnesses.values(h)).extracting(p -> p.photoId).containsExactly("late-but-ok");
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
