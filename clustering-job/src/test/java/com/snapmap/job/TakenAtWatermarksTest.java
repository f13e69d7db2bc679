package com.snapmap.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class TakenAtWatermarksTest {

    private final TakenAtWatermarks.TakenAtAssigner assigner = new TakenAtWatermarks.TakenAtAssigner();

    /** The watermarks a generator emits. */
    private static final class Emitted implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }

    @Test
    void anEventIsTimestampedWithItsTakenAt() {
        SourceRecord r = SourceRecord.good(new UploadEvent("p1", 1_700_000_000_000L, 45.76, 4.83, null));
        assertThat(assigner.extractTimestamp(r, 5L)).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void aBadRecordHasNoTimestampAndLeavesTheWatermarkWhereItWas() {
        // From too far in the future: it must not drag the watermark with it.
        SourceRecord bad = new SourceParser(0).parse(null,
                "{\"photoId\":\"p1\",\"takenAt\":\"2999-01-01T00:00:00Z\",\"location\":[4.83,45.76]}".getBytes(StandardCharsets.UTF_8),
                "photo-uploads", 0, 3);
        long t = assigner.extractTimestamp(bad, 5L);
        assertThat(t).isEqualTo(TimestampAssigner.NO_TIMESTAMP);

        Emitted out = new Emitted();
        new TakenAtWatermarks(ClusteringConfig.defaults(), () -> 0L).onEvent(bad, t, out);
        assertThat(out.watermarks).isEmpty();
    }

    @Test
    void aPhotoClaimingToBeFromTomorrowHoldsTheWatermarkAtTheWallClockMinusTheOutOfOrderness() {
        long now = 1_700_000_000_000L;
        ClusteringConfig config = ClusteringConfig.defaults();
        TakenAtWatermarks generator = new TakenAtWatermarks(config, () -> now);
        Emitted out = new Emitted();
        SourceRecord ahead = SourceRecord.good(new UploadEvent("ahead", now + 23 * 3_600_000L, 45.76, 4.83, null));

        generator.onEvent(ahead, assigner.extractTimestamp(ahead, 0L), out);
        generator.onPeriodicEmit(out);

        assertThat(out.watermarks).isNotEmpty().allSatisfy(wm -> assertThat(wm).isLessThan(now - config.outOfOrdernessMillis()));
    }

    @Test
    void aLivePhotoAfterOneFromTomorrowIsNotLate() {
        long[] now = {1_700_000_000_000L};
        ClusteringConfig config = ClusteringConfig.defaults();
        TakenAtWatermarks generator = new TakenAtWatermarks(config, () -> now[0]);
        Emitted out = new Emitted();
        SourceRecord ahead = SourceRecord.good(new UploadEvent("ahead", now[0] + 23 * 3_600_000L, 45.76, 4.83, null));
        generator.onEvent(ahead, assigner.extractTimestamp(ahead, 0L), out);

        now[0] += 10_000L;
        SourceRecord live = SourceRecord.good(new UploadEvent("live", now[0], 45.76, 4.83, null));
        generator.onEvent(live, assigner.extractTimestamp(live, 0L), out);
        generator.onPeriodicEmit(out);

        long watermark = out.watermarks.get(out.watermarks.size() - 1);
        assertThat(live.event.takenAt).isGreaterThan(watermark);
    }

    private static SourceRecord uploaded(String id, long takenAt, long arrivedAt) {
        return SourceRecord.good(new UploadEvent(id, takenAt, 45.76, 4.83, null), arrivedAt);
    }

    @Test
    void aPhotoLateByItsArrivalNeitherPushesNorHoldsTheWatermark() {
        long now = 1_700_000_000_000L;
        TakenAtWatermarks generator = new TakenAtWatermarks(ClusteringConfig.defaults(), () -> now);
        Emitted out = new Emitted();
        SourceRecord late = uploaded("late", now - 72 * 3_600_000L, now);

        generator.onEvent(late, assigner.extractTimestamp(late, 0L), out);

        assertThat(out.watermarks).isEmpty();
    }

    @Test
    void aReplayADayLaterDrawsTheWatermarkTheFirstRunDrew() {
        long uploadedAt = 1_700_000_000_000L;
        ClusteringConfig config = ClusteringConfig.defaults();
        SourceRecord ahead = uploaded("ahead", uploadedAt + 23 * 3_600_000L, uploadedAt);
        Emitted first = new Emitted();
        new TakenAtWatermarks(config, () -> uploadedAt).onEvent(ahead, assigner.extractTimestamp(ahead, 0L), first);
        Emitted replay = new Emitted();
        new TakenAtWatermarks(config, () -> uploadedAt + 24 * 3_600_000L).onEvent(ahead, assigner.extractTimestamp(ahead, 0L), replay);

        assertThat(replay.watermarks).containsExactlyElementsOf(first.watermarks)
                .containsExactly(uploadedAt - config.outOfOrdernessMillis() - 1);
    }
}
