package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import java.io.Serializable;

/**
 * Whether a photo is too late for the hot path, decided by its own record rather than by the
 * watermark at the moment the record is read (docs/HOT-PATH.md, "The cold path"), so that a replay
 * from any offset routes every record as the first run did.
 *
 * <p>A record's <em>arrival</em> is when it reached {@code photo-uploads}: the later of the
 * gateway's {@code uploadedAt} and the Kafka record's timestamp (a re-drive keeps the original
 * {@code uploadedAt}, but is published, and read, later), never past the wall clock of the read (a
 * producer's clock ahead). A photo is late when its takenAt trails its arrival by more than the
 * allowed lateness plus the out-of-orderness: the same bound the watermark of a live run draws,
 * since that watermark trails the newest arrival by at least the out-of-orderness. A record without
 * {@code uploadedAt} (a bulk import, a benchmark's or a test's stream of historical photos) has no
 * arrival, and only the watermark judges it, as before.
 */
public final class UploadLateness implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No arrival known: the watermark alone decides. */
    public static final long UNKNOWN = 0L;

    private final long latenessMillis;
    private final long outOfOrdernessMillis;

    public UploadLateness(ClusteringConfig config) {
        this.latenessMillis = config.allowedLatenessMillis();
        this.outOfOrdernessMillis = config.outOfOrdernessMillis();
    }

    /**
     * @param recordTimestamp the Kafka record's timestamp, negative when it has none
     * @param now the wall clock of the read
     * @return the record's arrival, or {@link #UNKNOWN} when it carries no {@code uploadedAt}
     */
    public static long arrivedAt(UploadEvent e, long recordTimestamp, long now) {
        if (e.uploadedAt <= 0) {
            return UNKNOWN;
        }
        return Math.min(Math.max(e.uploadedAt, recordTimestamp), now);
    }

    /** Too late for the hot path by its own times: false when the arrival is unknown. */
    public boolean isLate(long takenAt, long arrivedAt) {
        return arrivedAt != UNKNOWN && takenAt + latenessMillis < arrivedAt - outOfOrdernessMillis;
    }
}
