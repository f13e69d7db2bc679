package com.snapmap.job;

import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.model.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness on takenAt (DESIGN.md §2 step 2), applied by the source to each split
 * (Kafka partition) separately, so a partition that is read ahead of another cannot make the
 * other's photos late. A record without a readable takenAt (bound for the DLQ) does not move it.
 *
 * <p>Besides the periodic emission it emits as soon as the watermark has moved by a step of event
 * time, so a replay sees the watermark advance at the same records as the live run did.
 */
public class TakenAtWatermarks implements WatermarkGenerator<RawRecord> {

    /** Event-time step at which a record pushes the watermark out at once. */
    public static final long STEP_MILLIS = 1_000L;

    private final long outOfOrdernessMillis;
    private long maxTakenAt;
    private long lastEmitted = Long.MIN_VALUE;

    public TakenAtWatermarks(long outOfOrdernessMillis) {
        this.outOfOrdernessMillis = outOfOrdernessMillis;
        this.maxTakenAt = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    /** The strategy every source of the graph uses. */
    public static WatermarkStrategy<RawRecord> strategy(ClusteringConfig config) {
        return WatermarkStrategy.<RawRecord>forGenerator(ctx -> new TakenAtWatermarks(config.outOfOrdernessMillis()))
                .withTimestampAssigner(ctx -> new TakenAtAssigner(config.maxFutureSkewMillis()))
                .withIdleness(Duration.ofMillis(config.idlenessMillis()));
    }

    @Override
    public void onEvent(RawRecord r, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == TimestampAssigner.NO_TIMESTAMP) {
            return;
        }
        maxTakenAt = Math.max(maxTakenAt, eventTimestamp);
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

    /**
     * Reads takenAt out of the raw record; NO_TIMESTAMP when it has none, or one so far in the
     * future that the record is bound for the DLQ (it must not drag the watermark with it).
     */
    static final class TakenAtAssigner implements TimestampAssigner<RawRecord> {
        private final long maxFutureSkewMillis;

        TakenAtAssigner(long maxFutureSkewMillis) {
            this.maxFutureSkewMillis = maxFutureSkewMillis;
        }

        @Override
        public long extractTimestamp(RawRecord r, long recordTimestamp) {
            Long t = UploadEventCodec.peekTakenAt(r.value);
            if (t == null || t > System.currentTimeMillis() + maxFutureSkewMillis) {
                return TimestampAssigner.NO_TIMESTAMP;
            }
            return t;
        }
    }
}
