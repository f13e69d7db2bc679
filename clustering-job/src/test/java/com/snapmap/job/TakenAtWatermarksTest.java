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
        SourceRecord bad = new SourceParser(0).parse(
                "{\"photoId\":\"p1\",\"takenAt\":\"2999-01-01T00:00:00Z\",\"location\":[4.83,45.76]}".getBytes(StandardCharsets.UTF_8),
                "photo-uploads", 0, 3);
        long t = assigner.extractTimestamp(bad, 5L);
        assertThat(t).isEqualTo(TimestampAssigner.NO_TIMESTAMP);

        Emitted out = new Emitted();
        new TakenAtWatermarks(ClusteringConfig.defaults(), () -> 0L).onEvent(bad, t, out);
        assertThat(out.watermarks).isEmpty();
    }
}
