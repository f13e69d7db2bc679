package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness on takenAt (DESIGN.md §2 step 2). Besides the periodic emission it
 * emits as soon as the watermark has moved by a step of event time, so a replay from a file or
 * from earliest offsets sees the watermark advance at the same records as the live run did,
 * not at whatever moment a timer happened to fire.
 */
public class TakenAtWatermarks implements WatermarkGenerator<UploadEvent> {

    /** Event-time step at which a record pushes the watermark out at once. */
    public static final long STEP_MILLIS = 1_000L;

    private final long outOfOrdernessMillis;
    private long maxTakenAt;
    private long lastEmitted = Long.MIN_VALUE;

    public TakenAtWatermarks(long outOfOrdernessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
        this.maxTakenAt = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    @Override
    public void onEvent(UploadEvent e, long eventTimestamp, WatermarkOutput output) {
        maxTakenAt = Math.max(maxTakenAt, e.takenAt);
        long wm = current();
        if (lastEmitted == Long.MIN_VALUE || wm - lastEmitted >= STEP_MILLIS) {
            emit(wm, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        emit(current(), output);
    }

    private long current() {
        return maxTakenAt - outOfOrdernessMillis - 1;
    }

    private void emit(long wm, WatermarkOutput output) {
        if (wm > lastEmitted) {
            lastEmitted = wm;
            output.emitWatermark(new Watermark(wm));
        }
    }
}
