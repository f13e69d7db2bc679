package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.PhotoWrite;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The typed outputs of {@link ClusteringGraph}, for the caller to attach sinks to. */
public final class ClusteringStreams {

    /** Idempotent writes to {@code photos}, in order per label. */
    public final DataStream<PhotoWrite> photoWrites;
    /** Absolute event documents and tombstones, in order per event. */
    public final DataStream<EventDocument> events;
    /** Records that failed to parse or validate, with the reason. */
    public final DataStream<BadRecord> deadLetters;
    /** Photos later than the allowed lateness: the cold path's. */
    public final DataStream<UploadEvent> tooLate;

    /** Photos' erasures read from tombstones (docs/SEMANTICS.md, "Deleting a photo"), for the cold path. */
    public final DataStream<Erasure> erasures;

    public ClusteringStreams(DataStream<PhotoWrite> photoWrites, DataStream<EventDocument> events,
            DataStream<BadRecord> deadLetters, DataStream<UploadEvent> tooLate, DataStream<Erasure> erasures) {
        this.photoWrites = photoWrites;
        this.events = events;
        this.deadLetters = deadLetters;
        this.tooLate = tooLate;
        this.erasures = erasures;
    }
}
