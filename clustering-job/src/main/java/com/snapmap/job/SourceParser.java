package com.snapmap.job;

import com.snapmap.contract.PhotoErasure;
import com.snapmap.core.wire.InvalidUploadEventException;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.core.wire.UploadEventCodec;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.SourceRecord;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The parse of docs/HOT-PATH.md ("The graph"), where a source reads a record (the Kafka deserializer, the file format):
 * parses and validates it once, for the watermark and the graph alike. Never throws on bad input:
 * a bad record comes back with its key and bytes (cut to {@link BadRecord#MAX_KEPT_BYTES}), the
 * reason and where it came from, for the DLQ.
 */
public final class SourceParser implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long maxFutureSkewMillis;
    private transient UploadEventCodec codec;

    public SourceParser(long maxFutureSkewMillis) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    /**
     * A tombstone (a record without a value) is a photo's erasure (docs/SEMANTICS.md, "Deleting a
     * photo"): its key is the photoId, its headers say where and when the photo was taken. One
     * without a key or without valid headers is a bad record naming what is wrong.
     *
     * @param header the last value of a record header, or null
     */
    public SourceRecord parseTombstone(byte[] key, Function<String, byte[]> header, String source, int partition, long offset) {
        if (key == null || key.length == 0) {
            return SourceRecord.bad(new BadRecord(key, null, null, "a tombstone without a key erases no photo", source, partition, offset));
        }
        try {
            return SourceRecord.erasure(Erasure.of(PhotoErasure.fromHeaders(new String(key, StandardCharsets.UTF_8), header)));
        } catch (IllegalArgumentException e) {
            return SourceRecord.bad(new BadRecord(key, null, null, e.getMessage(), source, partition, offset));
        }
    }

    /**
     * @param key the Kafka record's key, or null (a file's line has none); only a bad record keeps it
     * @param source a Kafka topic, or a file's name
     * @param partition the Kafka partition, or -1 for a file
     * @param offset the Kafka offset, or the file's line number
     */
    public SourceRecord parse(byte[] key, byte[] value, String source, int partition, long offset) {
        return parse(key, value, source, partition, offset, -1L);
    }

    /**
     * As the other, for a record that has a timestamp of its own (a Kafka record's), which goes
     * into its arrival ({@link UploadLateness#arrivedAt}).
     *
     * @param recordTimestamp negative when the record has none
     */
    public SourceRecord parse(byte[] key, byte[] value, String source, int partition, long offset, long recordTimestamp) {
        if (codec == null) {
            codec = new UploadEventCodec(Duration.ofMillis(maxFutureSkewMillis));
        }
        try {
            // The wall clock, as the watermark's idleness uses it: a camera's future is ours plus the skew.
            long now = System.currentTimeMillis();
            UploadEvent e = codec.parse(value, Instant.ofEpochMilli(now));
            return SourceRecord.good(e, UploadLateness.arrivedAt(e, recordTimestamp, now));
        } catch (InvalidUploadEventException e) {
            return SourceRecord.bad(new BadRecord(key, value, e.field(), e.reason(), source, partition, offset));
        } catch (RuntimeException e) {
            // Whatever the parser did not foresee is still bad input, not a reason to fail the source.
            return SourceRecord.bad(new BadRecord(key, value, null, "unparseable: " + e, source, partition, offset));
        }
    }
}
