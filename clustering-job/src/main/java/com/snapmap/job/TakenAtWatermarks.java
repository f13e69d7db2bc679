package com.snapmap.job;

import com.snapmap.job.model.SourceRecord;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Bounded out-of-orderness on takenAt (docs/HOT-PATH.md, "Freshness"), applied by the source to
 * each split (Kafka partition) separately, so a partition that is read ahead of another cannot
 * make the other's photos late. A bad record (bound for the DLQ) does not move it.
 *
 * <p>A takenAt counts for at most the wall clock and the record's arrival ({@link UploadLateness}):
 * a client may claim a time up to the future skew ahead (a camera clock a day fast), but the
 * watermark never runs ahead of {@code now - out-of-orderness}, or every live photo after such a
 * one would be late; bounded by the arrival, a replay a day later draws the same watermark. A photo
 * late by its own arrival is not counted at all: it goes to the cold path, and must neither hold
 * its split's watermark back nor count as the split's activity.
 *
 * <p>When a split has been quiet for the idleness time:
 * <ul>
 *   <li>if its data is live (taken within the allowed lateness of now), its watermark goes on
 *       advancing with the wall clock, never past {@code now - out-of-orderness}, so events close
 *       while nobody uploads and a photo taken now is still not late;
 *   <li>otherwise (a replay of old data, or a split that never had a record) it is marked idle, so
 *       it does not hold the other splits back.
 * </ul>
 *
 * <p>Besides the periodic emission it emits as soon as the watermark has moved by a step of event
 * time, so a replay sees the watermark advance at the same records as the live run did.
 */
public class TakenAtWatermarks implements WatermarkGenerator<SourceRecord> {

    /** Event-time step at which a record pushes the watermark out at once. */
    public static final long STEP_MILLIS = 1_000L;

    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final long latenessMillis;
    private final UploadLateness lateness;
    private final LongSupplier clock;
    private final long createdAt;
    private long maxTakenAt;
    private long lastRecordAt = Long.MIN_VALUE;
    private long lastEmitted = Long.MIN_VALUE;

    public TakenAtWatermarks(ClusteringConfig config, LongSupplier clock) {
        this.outOfOrdernessMillis = config.outOfOrdernessMillis();
        this.idlenessMillis = config.idlenessMillis();
        this.latenessMillis = config.allowedLatenessMillis();
        this.lateness = new UploadLateness(config);
        this.clock = clock;
        this.createdAt = clock.getAsLong();
        this.maxTakenAt = Long.MIN_VALUE + outOfOrdernessMillis + 1;
    }

    /** The strategy every source of the graph uses. */
    public static WatermarkStrategy<SourceRecord> strategy(ClusteringConfig config) {
        return WatermarkStrategy.<SourceRecord>forGenerator(ctx -> new TakenAtWatermarks(config, System::currentTimeMillis))
                .withTimestampAssigner(ctx -> new TakenAtAssigner());
    }

    @Override
    public void onEvent(SourceRecord r, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == TimestampAssigner.NO_TIMESTAMP || lateness.isLate(eventTimestamp, r.arrivedAt)) {
            return; // a late photo is the cold path's: it neither holds the watermark back nor pushes it
        }
        lastRecordAt = clock.getAsLong();
        // Clamped by the record's arrival too, so a replay draws the watermark the first run drew.
        long bound = r.arrivedAt == UploadLateness.UNKNOWN ? lastRecordAt : Math.min(r.arrivedAt, lastRecordAt);
        maxTakenAt = Math.max(maxTakenAt, Math.min(eventTimestamp, bound));
        long wm = current();
        if (lastEmitted == Long.MIN_VALUE || wm - lastEmitted >= STEP_MILLIS) {
            emit(wm, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = clock.getAsLong();
        if (lastRecordAt == Long.MIN_VALUE) {
            if (now - createdAt >= idlenessMillis) {
                output.markIdle(); // never had a record
            }
            return;
        }
        long quiet = now - lastRecordAt;
        if (quiet < idlenessMillis) {
            output.markActive();
            emit(current(), output);
        } else if (maxTakenAt >= now - latenessMillis) {
            emit(Math.max(current(), Math.min(current() + quiet, now - outOfOrdernessMillis - 1)), output);
        } else {
            output.markIdle();
        }
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
     * The takenAt of the event the source parsed; NO_TIMESTAMP for a bad record (one from too far
     * in the future among them: it must not drag the watermark with it).
     */
    static final class TakenAtAssigner implements TimestampAssigner<SourceRecord> {
        @Override
        public long extractTimestamp(SourceRecord r, long recordTimestamp) {
            return r.event == null ? TimestampAssigner.NO_TIMESTAMP : r.event.takenAt;
        }
    }
}
